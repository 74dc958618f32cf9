using KpiEngine.Definitions;
using KpiEngine.Diagnostics;

namespace KpiEngine.Testing;

/// <summary>How one test went: passed when <see cref="Failures"/> is empty.</summary>
/// <param name="Suite">The suite the test belongs to.</param>
/// <param name="Test">The test.</param>
/// <param name="Failures">Every failed expectation, and what kept the test from running; empty when it passed.</param>
/// <param name="Duration">How long it took to run.</param>
public sealed record KpiTestOutcome(KpiTestSuite Suite, KpiTestCase Test, IReadOnlyList<Diagnostic> Failures, TimeSpan Duration)
{
    /// <summary>True when every expectation held.</summary>
    public bool Passed => Failures.Count == 0;
}
