using System.CommandLine;
using System.Text;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Reporting;

namespace KpiEngine.Cli.Commands;

/// <summary>
/// <c>kpi schema [KIND] [--out DIR] [--reference FILE]</c>: the JSON Schemas of the YAML file kinds,
/// for editors (completion, unknown keys flagged), generated from the readers' key tables.
/// </summary>
internal static class SchemaCommand
{
    public static Command Create(CliContext context)
    {
        var kinds = DefinitionSchema.Kinds.ToArray();
        var kind = new Argument<string>("kind") { Description = $"The file kind to print: {string.Join(", ", kinds)}", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "client" };
        kind.AcceptOnlyFromAmong(kinds);
        var outDir = new Option<string>("--out") { Description = "Write every kind's schema into this folder (as <kind>.schema.json) instead of printing one" }.Paths();
        var reference = new Option<string>("--reference") { Description = "Also write the key reference page (Markdown) to this file" }.Paths();
        var command = new Command("schema", "Print or write the JSON Schemas of client, catalog, profile, goal, batch manifest and test files, for editor completion and checks.") { kind, outDir, reference };
        command.SetAction(parse => Execute(context, parse.GetValue(kind)!, parse.GetValue(outDir), parse.GetValue(reference)));
        return command;
    }

    private static int Execute(CliContext context, string kind, string? outDir, string? reference)
    {
        if (outDir is null && reference is null)
        {
            context.Data.Write(DefinitionSchema.Json(DefinitionSchema.Files.First(f => f.Kind == kind)));
            return ExitCodes.Success;
        }

        var files = new List<(string Path, string Text)>();
        if (outDir is not null)
        {
            if (OutputTarget.FolderProblem(Path.GetFullPath(outDir)) is { } problem)
            {
                context.Error.WriteLine($"{outDir}: error {DiagnosticCatalog.OutputTargetRefused.Id}: {problem}");
                return ExitCodes.CouldNotRun;
            }

            Directory.CreateDirectory(outDir);
            files.AddRange(DefinitionSchema.Files.Select(f => (Path.Combine(outDir, f.FileName), DefinitionSchema.Json(f))));
        }

        if (reference is not null)
        {
            files.Add((reference, DefinitionSchema.Reference()));
        }

        try
        {
            foreach (var (path, text) in files)
            {
                AtomicFile.Write(Path.GetFullPath(path), stream => stream.Write(new UTF8Encoding(false).GetBytes(text)));
                context.Error.WriteLine($"Wrote {path}");
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"error KPI5002: a schema file could not be written: {exception.Message} Files not yet written are as they were.");
            return ExitCodes.CouldNotRun;
        }

        return ExitCodes.Success;
    }
}
