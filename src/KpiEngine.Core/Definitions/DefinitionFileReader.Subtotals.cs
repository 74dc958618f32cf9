namespace KpiEngine.Definitions;

/// <summary>The client file's <c>subtotals:</c> flag.</summary>
internal sealed partial class DefinitionFileReader
{
    /// <summary>Reads <c>subtotals: true|false</c>; anything else is an invalid value (and counts as not given).</summary>
    private Spanned<bool>? ReadSubtotals(YamlMapping root, string owner)
    {
        if (_schema.Scalar(root["subtotals"], "subtotals", owner) is not { } flag)
        {
            return null;
        }

        if (flag.Value is not ("true" or "false"))
        {
            _schema.Invalid(flag, $"'subtotals' of {owner} is '{flag.Value}'; it takes true or false.",
                "Write 'subtotals: true' (with two or more by: columns) to also report each leading column's subtotals.");
            return null;
        }

        return new Spanned<bool>(flag.Value == "true", _schema.Span(flag));
    }
}
