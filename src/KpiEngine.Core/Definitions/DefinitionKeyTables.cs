namespace KpiEngine.Definitions;

// The readers' own key tables and value names, shown to DefinitionSchema. They stay private to each
// reader (the one place a key is added); these accessors only pass them on, so a key added to a
// reader appears in the editor schemas and the key reference without being written twice.

/// <summary>The key tables of client and catalog files.</summary>
internal sealed partial class DefinitionFileReader
{
    internal static IReadOnlyList<string> KpiKeyTable => KpiKeys;

    internal static IReadOnlyList<string> DatasetKeyTable => DatasetKeys;

    internal static IReadOnlyList<string> DerivedKeyTable => DerivedKeys;

    internal static IReadOnlyList<string> SourceKeyTable => SourceKeys;

    internal static IReadOnlyList<string> InputKeyTable => InputKeys;

    internal static IReadOnlyList<string> BorrowKeyTable => BorrowKeys;

    internal static IReadOnlyList<string> CalendarKeyTable => CalendarKeys;

    internal static IReadOnlyList<string> UnitNames => Units.Words;

    internal static IReadOnlyList<string> DirectionNames => Directions.Words;

    internal static IReadOnlyList<string> FormatNames => Formats.Words;

    internal static IReadOnlyList<string> ColumnTypeNames => ColumnTypes.Words;

    internal static IReadOnlyList<string> InputKindNames => InputKinds.Words;
}

/// <summary>The key tables and value names of <c>min_sample</c>, <c>scaling</c> and <c>scorecard</c>.</summary>
internal sealed partial class SufficiencyReader
{
    internal static IReadOnlyList<string> SampleKeyTable => SampleKeys;

    internal static IReadOnlyList<string> ScorecardKeyTable => ScorecardKeys;

    internal static IReadOnlyList<string> ScalingNames => Scalings.Words;
}

/// <summary>The key tables of goal template files and of a client's goals.</summary>
internal sealed partial class GoalReader
{
    internal static IReadOnlyList<string> FileKeyTable => FileKeys;

    internal static IReadOnlyList<string> TemplateKeyTable => TemplateKeys;

    internal static IReadOnlyList<string> InlineKeyTable => InlineKeys;

    internal static IReadOnlyList<string> InstanceKeyTable => InstanceKeys;

    internal static IReadOnlyList<string> ChangeKeyTable => ChangeKeys;

    internal static IReadOnlyList<string> SupportingKeyTable => SupportingKeys;
}

/// <summary>The key table of profile files.</summary>
internal sealed partial class ProfileResolver
{
    internal static IReadOnlyList<string> ProfileKeyTable => ProfileKeys;
}

/// <summary>The key table of a benchmark.</summary>
internal sealed partial class BenchmarkReader
{
    internal static IReadOnlyList<string> BenchmarkKeyTable => BenchmarkKeys;
}

/// <summary>The key table and value names of batch manifests.</summary>
internal static partial class BatchManifestReader
{
    internal static IReadOnlyList<string> KeyTable => Keys;

    internal static IReadOnlyList<string> GrainNames => Grains.Words;
}

/// <summary>The key tables of value tests.</summary>
internal sealed partial class TestSuiteReader
{
    internal static IReadOnlyList<string> FileKeyTable => FileKeys;

    internal static IReadOnlyList<string> TestKeyTable => TestKeys;

    internal static IReadOnlyList<string> DataKeyTable => DataKeys;

    internal static IReadOnlyList<string> ExpectedKeyTable => ExpectedKeys;

    internal static IReadOnlyList<string> GrainNames => Grains.Words;
}
