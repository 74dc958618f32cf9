namespace KpiEngine.Definitions;

/// <summary>What a definition file is, judged from its top-level keys.</summary>
public enum DefinitionFileKind
{
    /// <summary>Neither a client file nor a catalog (or not readable).</summary>
    Unknown,

    /// <summary>A client KPI set: has a top-level <c>client:</c>.</summary>
    Client,

    /// <summary>A KPI catalog: has <c>kpis:</c> and neither <c>client:</c> nor <c>profile:</c>.</summary>
    Catalog,

    /// <summary>Goal templates: has <c>templates:</c> and no <c>client:</c>.</summary>
    GoalTemplates,

    /// <summary>An offer-type profile: has <c>profile:</c> and no <c>client:</c>.</summary>
    Profile,

    /// <summary>Value tests of a sibling file (<c>NAME.tests.yaml</c>): has <c>tests:</c> and none of the keys above.</summary>
    Tests,
}
