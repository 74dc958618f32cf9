using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using KpiEngine.Datasets;
using KpiEngine.Definitions;

namespace KpiEngine.Cli.Commands;

/// <summary>A profile KPI the starter cannot report yet, with the inputs (or parameters) it still needs.</summary>
internal sealed record UnfedKpi(string Id, string Name, IReadOnlyList<string> Missing);

/// <summary>What <c>kpi init</c> decided; <see cref="StarterYaml.Write"/> turns it into the client file.</summary>
internal sealed record StarterPlan(
    string ClientId,
    string ClientName,
    string DatasetName,
    string DataPath,
    ExportDescription Export,
    string? ProfileReference,
    string? ProfileName,
    IReadOnlyList<InputGuess> Inputs,
    IReadOnlyList<string> Reported,
    IReadOnlyList<UnfedKpi> Unfed);

/// <summary>Writes a starter client file: plain block YAML, every choice explained in a comment, valid as written.</summary>
internal static partial class StarterYaml
{
    /// <summary>Number columns the profile-less starter sums into KPIs of their own; more would bury the point.</summary>
    private const int MaxColumnKpis = 8;

    /// <summary>A name that needs no escaping in YAML keys or formula brackets: letters, digits, '_' and inner spaces or dashes.</summary>
    public static bool IsPlainName(string name) => PlainName().IsMatch(name);

    /// <summary>An identifier for a dataset or KPI made from a file or column name: lower case, '_' for anything else.</summary>
    public static string Identifier(string text)
    {
        var id = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            id.Append(char.IsAsciiLetterOrDigit(c) ? c : '_');
        }

        var result = Underscores().Replace(id.ToString(), "_").Trim('_');
        return result.Length == 0 ? "data" : char.IsAsciiDigit(result[0]) ? "d_" + result : result;
    }

    /// <summary>The KPIs of a profile-less starter: the row count, and the sum of each plainly named number column.</summary>
    public static IReadOnlyList<(string Id, string Name, string Unit, string Formula)> ColumnKpis(ExportDescription export, string dataset)
    {
        var kpis = new List<(string Id, string, string, string)> { ($"{dataset}_rows", $"Rows of {dataset}", "count", "Count()") };
        foreach (var column in export.Columns.Where(c => c.Type == ColumnType.Number && IsPlainName(c.Name)))
        {
            // 'order total' and 'order-total' make the same id: the first one keeps it.
            var id = $"{Identifier(column.Name)}_total";
            if (kpis.Count <= MaxColumnKpis && !kpis.Exists(k => k.Id == id))
            {
                kpis.Add((id, $"Total {column.Name}", "number", $"Sum([{column.Name}])"));
            }
        }

        return kpis;
    }

    public static string Write(StarterPlan plan)
    {
        var export = plan.Export;
        var y = new StringBuilder();
        void Line(string text = "") => y.Append(text).Append('\n');

        Line($"# Starter client file written by `kpi init` from {Path.GetFileName(export.Path)}.");
        Line("# Every guess below says where it came from; check them, then:");
        Line("#   kpi validate THIS_FILE    (0 errors as written)");
        Line("#   kpi run THIS_FILE         (the KPIs per month; kpi report THIS_FILE for the HTML page)");
        Line($"client: {plan.ClientId}");
        Line($"name: {Quote(plan.ClientName)}");
        Line("# currency: EUR                  # the ISO code your amounts are in; shown next to currency values");
        var ownKpis = plan.ProfileReference is null || plan.Reported.Count == 0 ? ColumnKpis(export, plan.DatasetName) : [];
        if (plan.ProfileReference is not null)
        {
            Line($"profile: {plan.ProfileReference}                # {plan.ProfileName}: its KPI list and benchmarks");
            var use = plan.Reported.Concat(ownKpis.Select(k => k.Id)).ToList();
            Line($"use: [{string.Join(", ", use)}]");
            Line("# use: lists the profile KPIs this export feeds; add the others below to it once their inputs are bound.");
        }

        Line();
        Line("datasets:");
        Line($"  {plan.DatasetName}:");
        Line($"    path: {Quote(plan.DataPath)}");
        if (export.TimeColumn is { } time)
        {
            var others = export.DateColumns.Where(c => c != time).ToList();
            Line($"    time: {Key(time)}" + (others.Count > 0 ? $"                # the first date column; the others: {string.Join(", ", others)}" : "                # places each row in its period"));
        }
        else
        {
            Line("    time: none                  # no column holds dates: the rows are a snapshot, the same in every period");
        }

        if (export.Format == DatasetFormat.Csv && export.Delimiter != ',')
        {
            Line($"    delimiter: {Quote(export.Delimiter.ToString())}");
        }

        if (export.Culture.Length > 0)
        {
            Line($"    culture: {export.Culture}              # numbers are written with a decimal comma");
        }

        if (export.DateFormats.Count > 0)
        {
            Line($"    date_format: [{string.Join(", ", export.DateFormats.Select(Quote))}]");
        }

        Line("    columns:                      # as inferred from the first rows; correct any that are wrong");
        foreach (var column in export.Columns)
        {
            Line($"      {Key(column.Name)}: {column.Type.ToString().ToLowerInvariant()}");
        }

        if (plan.Inputs.Count > 0)
        {
            Line();
            Line("inputs:");
            var status = export.Columns.FirstOrDefault(c => c.Type == ColumnType.Text && c.Name.Equals("status", StringComparison.OrdinalIgnoreCase));
            foreach (var input in plan.Inputs)
            {
                Line($"  {input.Input}: {{ dataset: {plan.DatasetName}, formula: {Quote(input.Formula)} }}   # {input.Why}");
            }

            if (status is not null)
            {
                Line($"  # Every row counts, whatever its [{status.Name}]; to leave cancelled ones out write e.g. \"CountIf([{status.Name}] != 'cancelled')\".");
            }
        }

        if (ownKpis.Count > 0)
        {
            Line();
            Line(plan.ProfileReference is null
                ? "kpis:                             # without --profile: the row count and the sum of each number column"
                : "kpis:                             # the profile's KPIs need inputs this export does not show, so these start you off");
            foreach (var (id, name, unit, formula) in ownKpis)
            {
                Line($"  - id: {id}");
                Line($"    name: {Quote(name)}");
                Line($"    unit: {unit}");
                Line("    direction: neutral");
                Line($"    dataset: {plan.DatasetName}");
                Line($"    formula: {Quote(formula)}");
            }
        }

        if (plan.Unfed.Count > 0)
        {
            Line();
            Line("# Not reported yet: these profile KPIs need inputs this export does not plainly hold. For each,");
            Line("# bind the inputs under inputs: (from this export, or from another one you add under datasets:),");
            Line("# give parameters (such as gross_margin) under parameters:, then add the KPI to use:.");
            foreach (var kpi in plan.Unfed)
            {
                Line($"#   {kpi.Id} ({kpi.Name}) needs: {string.Join(", ", kpi.Missing)}");
            }

            Line($"# An input is bound like:  visits: {{ dataset: {plan.DatasetName}, formula: \"Sum([sessions])\" }}");
            Line("# `kpi list functions` shows the functions a formula can use; `kpi explain THIS_FILE KPI` what a KPI needs.");
        }

        return y.ToString();
    }

    /// <summary>A column name as a YAML key or plain value: bare when it is a simple identifier, else quoted.</summary>
    public static string Key(string name) => Identifier(name) == name && !char.IsAsciiDigit(name[0]) && name is not ("true" or "false" or "null" or "yes" or "no" or "on" or "off" or "none") ? name : Quote(name);

    /// <summary>A YAML double-quoted scalar: safe for any text (colons, '#', quotes, leading spaces).</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\t' => "\\t",
                '\n' => "\\n",
                '\r' => "\\r",
                < ' ' => string.Create(CultureInfo.InvariantCulture, $"\\x{(int)c:X2}"),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*( [A-Za-z0-9_]+)*$")]
    private static partial Regex PlainName();

    [GeneratedRegex("_+")]
    private static partial Regex Underscores();
}
