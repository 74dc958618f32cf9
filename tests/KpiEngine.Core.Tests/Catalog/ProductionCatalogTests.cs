using KpiEngine.Diagnostics;

namespace KpiEngine.Core.Tests.Catalog;

/// <summary>The production.yaml yields, RTY, OEE and OLE, on published worked examples.</summary>
public sealed class ProductionCatalogTests
{
    // OEE.com (Vorne), "OEE Calculation", preferred calculation, as worked in pranavwrite's "What is OEE?":
    // an 8-hour shift (480 minutes), 60 minutes of breaks, 47 minutes of stop time, ideal cycle time
    // 1.0 second, 19,271 widgets of which 423 rejected. Planned production time = 420, run time = 373,
    // good = 18,848; availability 373 / 420 = 88.81 %, performance (1 s x 19,271) / 373 min = 86.11 %,
    // quality 18,848 / 19,271 = 97.80 %, OEE 74.79 %.
    private const string VorneShift =
        "month,planned_minutes,break_minutes,stop_minutes,total_units,good_units,ideal_seconds_per_unit\n"
        + "2026-01-15,480,60,47,19271,18848,1\n";

    private static readonly (string, string)[] VorneInputs =
    [
        ("planned_operation_time", "Sum([planned_minutes])"),
        ("planned_downtime", "Sum([break_minutes])"),
        ("unplanned_downtime", "Sum([stop_minutes])"),
        ("ideal_production_time", "Sum([total_units] * [ideal_seconds_per_unit]) / 60"),
        ("units", "Sum([total_units])"),
        ("good_units", "Sum([good_units])"),
    ];

    [Fact]
    public void FirstTimeAndFirstPassYield_CountReworkDifferently()
    {
        // Wikipedia, "First-pass yield", example, process A: 100 units enter, 90 leave as good parts, 5 of
        // them were reworked: FTY = 90 / 100 = 90 %, FPY = (90 - 5) / 100 = 85 %.
        var results = ShippedCatalog.Evaluate(
            ["production.yaml"],
            "month,units_in,good_out,reworked\n2026-01-15,100,90,5\n",
            [("units", "Sum([units_in])"), ("good_units", "Sum([good_out])"), ("first_pass_good_units", "Sum([good_out] - [reworked])")],
            ["first_time_yield", "first_pass_yield", "yield_rate"]);

        Assert.Equal(90, results.Value("first_time_yield"), 10);
        Assert.Equal(85, results.Value("first_pass_yield"), 10);
        Assert.Equal(90, results.Value("yield_rate"), 10);
    }

    [Fact]
    public void FirstTimeYield_ForAClientThatBindsOnlyTheOldInputs_NamesTheInputItNowNeeds()
    {
        // first_time_yield used to be first-pass yield over first_pass_good_units. A client written for
        // that meaning gets an error naming good_units, not a silently different number.
        var diagnostics = ShippedCatalog.Validate(
            ["production.yaml"],
            "month,units_in,first_pass_good\n2026-01-15,100,85\n",
            [("units", "Sum([units_in])"), ("first_pass_good_units", "Sum([first_pass_good])")],
            ["first_time_yield"]);

        var unbound = Assert.Single(diagnostics, d => d.Id == DiagnosticCatalog.UnboundInput.Id);
        Assert.Contains("KPI 'first_time_yield' needs input 'good_units'", unbound.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RolledThroughputYield_IsTheProductOfTheStepYields()
    {
        // Minitab Support, "What are throughput yield and rolled throughput yield?": the label process
        // has step yields 0.95, 0.84 and 0.88, RTY = 0.95 x 0.84 x 0.88 = 0.70 (0.70224 unrounded).
        var results = ShippedCatalog.Evaluate(
            ["production.yaml"],
            "month,step,units_in,first_pass_good\n2026-01-15,1,1000,950\n2026-01-15,2,950,798\n2026-01-15,3,798,702.24\n",
            [
                ("step_1_yield", "SumIf([first_pass_good], [step] == 1) / SumIf([units_in], [step] == 1)"),
                ("step_2_yield", "SumIf([first_pass_good], [step] == 2) / SumIf([units_in], [step] == 2)"),
                ("step_3_yield", "SumIf([first_pass_good], [step] == 3) / SumIf([units_in], [step] == 3)"),
            ],
            ["rolled_throughput_yield"]);

        Assert.Equal(70.224, results.Value("rolled_throughput_yield"), 9);
    }

    [Fact]
    public void Oee_FromAShiftSummary_MatchesThePublishedExample()
    {
        var results = ShippedCatalog.Evaluate(
            ["production.yaml"], VorneShift, VorneInputs,
            ["planned_busy_time", "actual_production_time", "oee_availability", "oee_performance", "oee_quality", "oee"]);

        Assert.Equal(420, results.Value("planned_busy_time"));
        Assert.Equal(373, results.Value("actual_production_time"));
        Assert.Equal(373.0 / 420 * 100, results.Value("oee_availability"), 10);
        Assert.Equal(19271.0 / 60 / 373 * 100, results.Value("oee_performance"), 10);
        Assert.Equal(18848.0 / 19271 * 100, results.Value("oee_quality"), 10);
        // The product reduces to ideal time of the good units / planned busy time.
        Assert.Equal(18848.0 / 60 / 420 * 100, results.Value("oee"), 10);
        // The page's rounded figures.
        Assert.Equal(88.81, results.Value("oee_availability"), 2);
        Assert.Equal(86.11, results.Value("oee_performance"), 2);
        Assert.Equal(97.80, results.Value("oee_quality"), 2);
        Assert.Equal(74.79, results.Value("oee"), 2);
    }

    [Fact]
    public void Oee_FromAShiftSummary_EqualsTheOeePluginOnTheSameShiftAsAnEventLog()
    {
        // The shift above written as machine states: 373 minutes running, 60 planned stop, 47 unplanned
        // stop. The plugin's ratio x 100 must equal the catalog formula's percent.
        var events = "month,state,minutes,total_units,good_units,ideal_minutes_per_unit\n"
            + "2026-01-15,running,373,19271,18848,0.016666666666666666\n"
            + "2026-01-15,planned_stop,60,,,\n"
            + "2026-01-15,unplanned_stop,47,,,\n";
        var results = ShippedCatalog.Evaluate(
            ["production.yaml"], VorneShift, VorneInputs, ["oee", "oee_from_log"],
            events: events,
            extraKpis: """
                kpis:
                  - id: oee_log_ratio
                    unit: ratio
                    direction: higher
                    dataset: events
                    plugin: oee/oee
                    parameters: { column.duration: minutes, column.ideal_cycle_time: ideal_minutes_per_unit }
                  - { id: oee_from_log, unit: percent, direction: higher, formula: "[oee_log_ratio] * 100" }
                """);

        Assert.Equal(results.Value("oee_from_log"), results.Value("oee"), 9);
    }

    [Fact]
    public void Ole_FromAShiftSummary_MatchesThePublishedExample()
    {
        // Wikipedia, "Overall labor effectiveness": two employees scheduled for 480-minute shifts with a
        // 30-minute break (900 minutes scheduled), 60 minutes of unscheduled downtime each (120): available
        // 780, availability 780 / 900 = 86.7 %; standard rate 1 minute per unit, 700 units produced:
        // performance 700 / 780 = 90 %. The quality figure is ours (the example's is not used here): 680
        // of the 700 good, so OLE = 780/900 x 700/780 x 680/700 = 680 / 900 = 75.56 %.
        var results = ShippedCatalog.Evaluate(
            ["production.yaml"],
            "month,operators,planned_minutes,break_minutes,stop_minutes,total_units,good_units,labour_minutes_per_unit\n"
                + "2026-01-15,2,480,30,60,700,680,1\n",
            [
                ("labour_scheduled_time", "Sum([operators] * ([planned_minutes] - [break_minutes]))"),
                ("labour_downtime", "Sum([operators] * [stop_minutes])"),
                ("standard_labour_time", "Sum([total_units] * [labour_minutes_per_unit])"),
                ("units", "Sum([total_units])"),
                ("good_units", "Sum([good_units])"),
            ],
            ["ole_availability", "ole_performance", "ole"]);

        Assert.Equal(780.0 / 900 * 100, results.Value("ole_availability"), 10);
        Assert.Equal(700.0 / 780 * 100, results.Value("ole_performance"), 10);
        Assert.Equal(680.0 / 900 * 100, results.Value("ole"), 10);
    }
}
