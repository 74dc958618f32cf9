using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>
/// The value tests of one file (<c>tests:</c> in a client or catalog file, or a sibling
/// <c>NAME.tests.yaml</c>), run by <c>kpi test</c> against <see cref="TargetFile"/>.
/// </summary>
/// <param name="TestFile">The file the tests are written in.</param>
/// <param name="TargetFile">The client or catalog file they test (the same file for a <c>tests:</c> section).</param>
/// <param name="Tests">The tests, in file order.</param>
public sealed record KpiTestSuite(string TestFile, string TargetFile, IReadOnlyList<KpiTestCase> Tests);

/// <summary>One test: a tiny dataset, and the values named KPIs must have per period.</summary>
/// <param name="Name">What the test checks (unique in its file).</param>
/// <param name="Span">Where the test is written.</param>
/// <param name="Grain">The period length of the results.</param>
/// <param name="Given">Catalog tests: one row per period, <c>period</c> and input values; empty for client tests.</param>
/// <param name="Data">Client tests: datasets replaced by inline rows or a fixture file.</param>
/// <param name="Parameters">Parameter values the test sets.</param>
/// <param name="Expected">The expected values, in file order.</param>
public sealed record KpiTestCase(
    string Name,
    SourceSpan Span,
    Grain Grain,
    IReadOnlyList<KpiTestRow> Given,
    IReadOnlyList<KpiTestData> Data,
    IReadOnlyList<ParameterDefinition> Parameters,
    IReadOnlyList<ExpectedValue> Expected);

/// <summary>One row of inline data: column → value as written (null for an empty cell), in file order.</summary>
public sealed record KpiTestRow(IReadOnlyList<KeyValuePair<string, string?>> Cells, SourceSpan Span);

/// <summary>A dataset of the tested client replaced by <see cref="Rows"/> or by the file <see cref="Fixture"/>.</summary>
/// <param name="Dataset">The dataset's name in the client file.</param>
/// <param name="Rows">The inline rows; empty when a fixture is given.</param>
/// <param name="Fixture">The fixture file's absolute path; null for inline rows.</param>
/// <param name="Span">Where the replacement is written.</param>
public sealed record KpiTestData(string Dataset, IReadOnlyList<KpiTestRow> Rows, string? Fixture, SourceSpan Span);

/// <summary>
/// The value a KPI (or input) must have in one period: <see cref="Value"/> within
/// <see cref="Tolerance"/>, or undefined (<see cref="Value"/> null) with a reason containing
/// <see cref="Reason"/> (any reason when it is empty).
/// </summary>
public sealed record ExpectedValue(string Kpi, string Period, double? Value, double Tolerance, string Reason, SourceSpan Span);
