using KpiEngine.Bench;

return BenchCommands.Run(args, Console.Out, Console.Error);
