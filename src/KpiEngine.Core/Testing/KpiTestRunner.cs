using System.Globalization;
using System.Text;
using System.Text.Json;
using KpiEngine.Definitions;
using KpiEngine.Diagnostics;
using KpiEngine.Evaluation;
using KpiEngine.Time;

namespace KpiEngine.Testing;

/// <summary>
/// Runs value tests (<c>kpi test</c>). A catalog test becomes a small client in a temporary folder:
/// the catalog included by its path, one dataset of the given rows (a row per period) and each
/// column bound as an input (its sum in the period). A client test runs the client itself with some
/// datasets replaced by the test's rows or fixture. Either way the engine computes the values exactly
/// as <c>kpi run</c> would, and each expected value is compared at its own position in the test file.
/// </summary>
public sealed class KpiTestRunner
{
    private const string GivenDataset = "given";
    private const string PeriodColumn = "period";

    private readonly IReadOnlyList<string> _allowedFolders;
    private readonly EvaluationOptions _options;
    private readonly TimeProvider _time;

    /// <summary>A runner that reads only inside <paramref name="allowedFolders"/> and evaluates with <paramref name="options"/>.</summary>
    public KpiTestRunner(IReadOnlyList<string> allowedFolders, EvaluationOptions options, TimeProvider? time = null)
    {
        _allowedFolders = allowedFolders;
        _options = options;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Runs every test of <paramref name="suite"/>, in file order; never throws for bad definitions or data.</summary>
    public IReadOnlyList<KpiTestOutcome> Run(KpiTestSuite suite, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(suite);
        var allowed = (IReadOnlyList<string>)[.. _allowedFolders, InputRoots.ProjectRoot(suite.TargetFile), InputRoots.ProjectRoot(suite.TestFile)];
        var loader = new KpiSetLoader { AllowedFolders = allowed };
        var evaluator = new KpiEvaluator { AllowedFolders = allowed };
        var catalog = KpiSetLoader.Classify(suite.TargetFile) == DefinitionFileKind.Catalog;
        var target = catalog ? null : loader.LoadClient(suite.TargetFile);
        var outcomes = new List<KpiTestOutcome>();
        foreach (var test in suite.Tests)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = _time.GetTimestamp();
            var failures = new List<Diagnostic>();
            var temporary = Directory.CreateTempSubdirectory("kpi-test-");
            try
            {
                var loaded = catalog ? CatalogClient(suite, test, loader, temporary.FullName, failures) : target;
                if (loaded is not null && Prepare(suite, test, loaded, catalog, temporary.FullName, failures) is { } set)
                {
                    var result = evaluator.Run(set, _options with { Grain = test.Grain, IncludeInputs = true, Dimensions = [], From = null, To = null, AsOf = null }, cancellationToken);
                    Compare(test, set, result, failures);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                failures.Add(DiagnosticCatalog.TestNotRun.Create($"Test '{test.Name}' could not prepare its data: {e.Message}", test.Span, "Check that the temporary folder is writable."));
            }
            finally
            {
                TryDelete(temporary);
            }

            outcomes.Add(new KpiTestOutcome(suite, test, failures, _time.GetElapsedTime(started)));
        }

        return outcomes;
    }

    /// <summary>Writes the catalog test's client (catalog included, given rows as a dataset) and loads it.</summary>
    private static LoadResult<KpiSet>? CatalogClient(KpiTestSuite suite, KpiTestCase test, KpiSetLoader loader, string folder, List<Diagnostic> failures)
    {
        var calendar = new PeriodCalendar(test.Grain);
        var columns = test.Given.SelectMany(r => r.Cells.Select(c => c.Key)).Where(c => c != PeriodColumn).Distinct(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder();
        csv.Append(PeriodColumn);
        foreach (var column in columns)
        {
            csv.Append(',').Append(column);
        }

        csv.Append('\n');
        foreach (var row in test.Given)
        {
            var cells = row.Cells.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
            calendar.TryParse(cells.GetValueOrDefault(PeriodColumn) ?? "", end: false, out var ordinal);
            csv.Append(calendar.Start(ordinal).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var column in columns)
            {
                csv.Append(',').Append(CsvField(cells.GetValueOrDefault(column)));
            }

            csv.Append('\n');
        }

        File.WriteAllText(Path.Combine(folder, GivenDataset + ".csv"), csv.ToString());
        var yaml = new StringBuilder();
        yaml.Append("client: kpi-test\n");
        yaml.Append("include: [").Append(JsonSerializer.Serialize(suite.TargetFile)).Append("]\n");
        yaml.Append("datasets:\n  ").Append(GivenDataset).Append(":\n    path: ").Append(GivenDataset).Append(".csv\n    time: ").Append(PeriodColumn).Append('\n');
        yaml.Append("    columns:\n      ").Append(PeriodColumn).Append(": date\n");
        foreach (var column in columns)
        {
            yaml.Append("      ").Append(column).Append(": number\n");
        }

        yaml.Append(columns.Count == 0 ? "inputs: {}\n" : "inputs:\n");
        foreach (var column in columns)
        {
            yaml.Append("  ").Append(column).Append(": { dataset: ").Append(GivenDataset).Append(", formula: \"Sum([").Append(column).Append("])\" }\n");
        }

        var client = Path.Combine(folder, "client.yaml");
        File.WriteAllText(client, yaml.ToString());
        var loaded = loader.LoadClient(client);

        // Problems placed in the generated client are the test's own (an input it does not give):
        // they point at the test, never at a file the user cannot see.
        var placed = loaded.Diagnostics.Select(d => d.Span is { } span && span.File == client ? d with { Span = test.Span } : d).ToList();
        if (placed.Any(d => d.IsError))
        {
            NotRun(test, placed, failures);
            return null;
        }

        return loaded with { Diagnostics = placed };
    }

    /// <summary>The set the test runs: its datasets, parameters and selection applied; null (with failures) when it cannot run.</summary>
    private KpiSet? Prepare(KpiTestSuite suite, KpiTestCase test, LoadResult<KpiSet> loaded, bool catalog, string folder, List<Diagnostic> failures)
    {
        if (loaded.Value is not { } set || loaded.Diagnostics.Any(d => d.IsError))
        {
            NotRun(test, loaded.Diagnostics, failures);
            return null;
        }

        var datasets = set.Datasets.ToList();
        var roots = InputRoots.For(suite.TestFile, _allowedFolders);
        foreach (var data in test.Data)
        {
            var at = datasets.FindIndex(d => d.Name == data.Dataset);
            if (at < 0 || datasets[at].Derived is not null)
            {
                failures.Add(DiagnosticCatalog.UnknownReference.Create(
                    at < 0 ? $"Test '{test.Name}' replaces dataset '{data.Dataset}', which the client does not declare." : $"Test '{test.Name}' replaces dataset '{data.Dataset}', which is derived from another dataset.",
                    data.Span,
                    at < 0 ? NameSuggestions.DidYouMean(data.Dataset, datasets.Select(d => d.Name)) ?? $"Its datasets: {string.Join(", ", datasets.Select(d => d.Name))}." : "Replace the dataset it is derived from instead."));
                continue;
            }

            if (data.Fixture is { } fixture)
            {
                if (!roots.Allows(fixture))
                {
                    var (problem, suggestion) = roots.Refusal("The fixture", fixture);
                    failures.Add(DiagnosticCatalog.PathOutsideAllowedFolders.Create(problem, data.Span, suggestion));
                    continue;
                }

                datasets[at] = datasets[at] with { Path = fixture };
                continue;
            }

            var path = Path.Combine(folder, $"data-{at}.csv");
            File.WriteAllText(path, Csv(data.Rows, datasets[at].Delimiter));
            datasets[at] = datasets[at] with { Path = path, Format = DatasetFormat.Csv };
        }

        var parameters = set.Parameters.ToList();
        foreach (var parameter in test.Parameters)
        {
            var at = parameters.FindIndex(p => p.Name == parameter.Name);
            if (at >= 0)
            {
                parameters[at] = parameters[at] with { Value = parameter.Value };
            }
            else if (catalog)
            {
                parameters.Add(parameter);
            }
            else
            {
                failures.Add(DiagnosticCatalog.UnknownReference.Create(
                    $"Test '{test.Name}' sets parameter '{parameter.Name}', which the client does not declare.",
                    parameter.Span,
                    NameSuggestions.DidYouMean(parameter.Name, parameters.Select(p => p.Name)) ?? "Declare it under the client's 'parameters', or remove it from the test."));
            }
        }

        var known = set.Kpis.Select(k => k.Id).Concat(set.Inputs.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var unknown in test.Expected.Where(e => !known.Contains(e.Kpi)).GroupBy(e => e.Kpi, StringComparer.Ordinal))
        {
            failures.Add(DiagnosticCatalog.UnknownReference.Create(
                $"Test '{test.Name}' expects values of '{unknown.Key}', which is not a KPI or input of '{Path.GetFileName(suite.TargetFile)}'.",
                unknown.First().Span,
                NameSuggestions.DidYouMean(unknown.Key, known) ?? "Run 'kpi list kpis' on a client to see the ids."));
        }

        if (failures.Count > 0)
        {
            return null;
        }

        var selected = test.Expected.Select(e => e.Kpi).Where(id => set.Kpis.Any(k => k.Id == id)).Distinct(StringComparer.Ordinal).ToList();
        return set with
        {
            Datasets = datasets,
            Parameters = parameters,
            Selected = selected,
            Dimensions = [],
            DimensionSpans = [],
            Goals = [],
        };
    }

    private static void Compare(KpiTestCase test, KpiSet set, ClientResult result, List<Diagnostic> failures)
    {
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        if (errors.Count > 0 || result.Status == ClientStatus.Failed)
        {
            NotRun(test, result.Diagnostics, failures);
            return;
        }

        var values = result.Results
            .Where(r => r.Dimensions.Count == 0)
            .GroupBy(r => (r.Kpi, r.Period))
            .ToDictionary(g => g.Key, g => g.First());
        foreach (var expected in test.Expected)
        {
            var problem = values.TryGetValue((expected.Kpi, expected.Period), out var actual)
                ? Mismatch(expected, actual)
                : $"has no value in {expected.Period}: the results have {(result.Periods.Count == 0 ? "no periods" : $"{result.Periods[0]} to {result.Periods[^1]}")}";
            if (problem is not null)
            {
                failures.Add(DiagnosticCatalog.TestFailed.Create($"test '{test.Name}': {expected.Kpi} {problem}.", expected.Span, Definition(set, expected.Kpi)));
            }
        }
    }

    /// <summary>Why <paramref name="actual"/> does not meet <paramref name="expected"/>; null when it does.</summary>
    private static string? Mismatch(ExpectedValue expected, KpiResult actual)
    {
        var period = expected.Period;
        return (expected.Value, actual.Value) switch
        {
            ({ } want, { } got) when Math.Abs(got - want) <= expected.Tolerance => null,
            ({ } want, { } got) => $"in {period} is {Number(got)}, expected {Number(want)} (tolerance {Number(expected.Tolerance)})",
            ({ } want, null) => $"in {period} is undefined ({actual.Reason}), expected {Number(want)}",
            (null, { } got) => $"in {period} is {Number(got)}, expected undefined{(expected.Reason.Length > 0 ? $" ({expected.Reason})" : "")}",
            (null, null) when actual.Reason?.Contains(expected.Reason, StringComparison.OrdinalIgnoreCase) ?? expected.Reason.Length == 0 => null,
            (null, null) => $"in {period} is undefined because '{actual.Reason}', expected a reason containing '{expected.Reason}'",
        };
    }

    /// <summary>Where the tested KPI or input is defined, so a failure leads to the formula.</summary>
    private static string? Definition(KpiSet set, string id)
    {
        if (set.Kpis.FirstOrDefault(k => k.Id == id) is { } kpi)
        {
            return kpi.Formula is { } formula ? $"Its formula, at {formula.Span}: {formula.Text}" : $"It is defined at {kpi.Span}.";
        }

        return set.Inputs.FirstOrDefault(i => i.Name == id) is { } input ? $"Its formula, at {input.Formula.Span}: {input.Formula.Text}" : null;
    }

    private static void NotRun(KpiTestCase test, IReadOnlyList<Diagnostic> diagnostics, List<Diagnostic> failures)
    {
        var errors = diagnostics.Where(d => d.IsError).ToList();
        failures.Add(DiagnosticCatalog.TestNotRun.Create(
            $"Test '{test.Name}' could not run: {errors.Count} error{(errors.Count == 1 ? "" : "s")} in what it tests (below).",
            test.Span,
            "Fix them; 'kpi validate' on the tested file shows them too."));
        failures.AddRange(errors);
    }

    private static string Csv(IReadOnlyList<KpiTestRow> rows, char delimiter)
    {
        var columns = rows.SelectMany(r => r.Cells.Select(c => c.Key)).Distinct(StringComparer.Ordinal).ToList();
        var text = new StringBuilder();
        text.AppendJoin(delimiter, columns.Select(c => CsvField(c, delimiter))).Append('\n');
        foreach (var row in rows)
        {
            var cells = row.Cells.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
            text.AppendJoin(delimiter, columns.Select(c => CsvField(cells.GetValueOrDefault(c), delimiter))).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A CSV field, quoted (RFC 4180) when it holds the delimiter, a quote or a line break.</summary>
    private static string CsvField(string? value, char delimiter = ',') =>
        value is null ? "" : value.IndexOfAny([delimiter, '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static void TryDelete(DirectoryInfo folder)
    {
        try
        {
            folder.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temporary folder is harmless; the test's outcome is what matters.
        }
    }
}
