using KpiEngine.Diagnostics;
using KpiEngine.Time;

namespace KpiEngine.Definitions;

/// <summary>
/// Reads goal template files (<c>templates:</c>) and a client's <c>goals:</c>, filling templates in and
/// checking every goal: parameters, change, periods and KPI references, all problems at once.
/// </summary>
internal sealed partial class GoalReader(YamlSource source, DiagnosticBag diagnostics)
{
    private static readonly string[] FileKeys = ["templates"];
    private static readonly string[] TemplateKeys = ["id", "name", "description", "kpi", "change", "baseline", "deadline", "supporting"];
    private static readonly string[] InlineKeys = ["id", "name", "kpi", "change", "baseline", "deadline", "supporting"];
    private static readonly string[] InstanceKeys = ["template", "id", "name", "supporting"];
    private static readonly string[] ChangeKeys = ["relative", "delta", "target"];
    private static readonly string[] SupportingKeys = ["kpi", "change", "supporting"];
    private static readonly PeriodCalendar Days = new(Grain.Day);

    private readonly SchemaReader _schema = new(source, diagnostics);

    /// <summary>The templates of a goal file (its root has <c>templates:</c>).</summary>
    public List<GoalTemplate> ReadTemplates()
    {
        var templates = new List<GoalTemplate>();
        if (source.Root is null || _schema.Mapping(source.Root, "the goal template file") is not { } root)
        {
            return templates;
        }

        if (!_schema.CheckRootKeys(root, FileKeys, "a goal template file"))
        {
            return templates;
        }

        foreach (var item in _schema.Sequence(root["templates"], "'templates'")?.Items ?? [])
        {
            if (_schema.Mapping(item, "a goal template") is { } map && ReadTemplate(map) is { } template)
            {
                if (templates.Find(t => t.Id == template.Id) is { } first)
                {
                    diagnostics.Add(DiagnosticCatalog.DuplicateId, $"Goal template '{template.Id}' is defined twice; the first is at {first.Span}.", template.Span, "Rename or remove one of them.");
                    continue;
                }

                templates.Add(template);
            }
        }

        return templates;
    }

    /// <summary>
    /// The client's goals (<paramref name="node"/> is its <c>goals:</c> value), made from
    /// <paramref name="templates"/> or written inline, checked against the KPI ids the client has.
    /// </summary>
    public List<GoalDefinition> ReadGoals(YamlNode? node, IReadOnlyList<GoalTemplate> templates, IReadOnlyCollection<string> kpiIds)
    {
        var goals = new List<GoalDefinition>();
        foreach (var item in _schema.Sequence(node, "'goals'")?.Items ?? [])
        {
            if (_schema.Mapping(item, "a goal") is not { } map)
            {
                continue;
            }

            var draft = map.Find("template") is not null ? Instantiate(map, templates) : Inline(map);
            if (draft is null)
            {
                continue;
            }

            // The cascade is checked even when the goal itself has an error, so every problem shows at once.
            var ok = Check(draft, kpiIds);
            var supporting = Cascade(draft.Owner, draft.Supporting, [draft.Kpi.Value], kpiIds);
            if (!ok)
            {
                continue;
            }

            var id = draft.Id ?? $"{draft.Kpi.Value}_{draft.Template ?? "goal"}";
            if (goals.Find(g => g.Id == id) is { } same)
            {
                diagnostics.Add(DiagnosticCatalog.DuplicateId, $"Two goals have the id '{id}'; the first is at {same.Span}.", _schema.Span(map), "Give one of them its own 'id:'.");
                continue;
            }

            goals.Add(new GoalDefinition(
                id,
                draft.Name ?? id,
                draft.Kpi.Value,
                new GoalChange(draft.ChangeKind, GoalText.Number(draft.Amount.Value)!.Value),
                draft.Baseline.Value,
                draft.Deadline.Value,
                supporting,
                draft.Template,
                _schema.Span(map)));
        }

        return goals;
    }

    private GoalTemplate? ReadTemplate(YamlMapping map)
    {
        var idNode = _schema.Required(map, "id", $"the goal template at line {map.Line}");
        var id = idNode is null ? null : _schema.Identifier(idNode, "goal template id");
        var owner = $"goal template '{idNode?.Value ?? "?"}'";
        _schema.CheckKeys(map, TemplateKeys, owner);
        var kpi = _schema.Required(map, "kpi", owner);
        var change = ReadChange(map, owner);
        var baseline = _schema.Required(map, "baseline", owner);
        var deadline = _schema.Required(map, "deadline", owner);
        var supporting = _schema.TextList(map["supporting"], "supporting", owner);

        // Texts without placeholders are checked here, once; the others when a goal fills them in.
        if (change is { } c && !GoalText.Placeholders(c.Amount.Value).Any())
        {
            CheckAmount(c.Amount, owner);
        }

        if (baseline is not null && deadline is not null)
        {
            CheckPeriods(Spanned(baseline), Spanned(deadline), owner, skipPlaceholders: true);
        }

        if (id is null || kpi is null || change is null || baseline is null || deadline is null)
        {
            return null;
        }

        return new GoalTemplate(
            id,
            _schema.Text(map, "name", owner) ?? id,
            kpi.Value,
            change.Value.Kind,
            change.Value.Amount.Value,
            baseline.Value,
            deadline.Value,
            [.. supporting.Select(s => s.Value)],
            _schema.Text(map, "description", owner),
            _schema.Span(map));
    }

    private GoalDraft? Instantiate(YamlMapping map, IReadOnlyList<GoalTemplate> templates)
    {
        var templateNode = _schema.Required(map, "template", $"the goal at line {map.Line}");
        if (templateNode is null)
        {
            return null;
        }

        var template = templates.FirstOrDefault(t => t.Id == templateNode.Value);
        if (template is null)
        {
            diagnostics.Add(
                DiagnosticCatalog.UnknownReference,
                $"The goal at line {map.Line} uses template '{templateNode.Value}', which no included goal file defines.",
                _schema.Span(templateNode),
                templates.Count == 0
                    ? "Include a goal template file, e.g. include: [../goals/common.yaml]."
                    : NameSuggestions.DidYouMean(templateNode.Value, templates.Select(t => t.Id)) ?? $"Known templates: {string.Join(", ", templates.Select(t => t.Id))}.");
            return null;
        }

        var owner = $"the goal at line {map.Line} (template '{template.Id}')";
        var parameters = template.Parameters;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var spans = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        var allowed = InstanceKeys.Concat(parameters).ToList();
        foreach (var (key, value) in map.Entries)
        {
            if (!allowed.Contains(key.Value, StringComparer.Ordinal))
            {
                diagnostics.Add(
                    DiagnosticCatalog.UnknownKey,
                    $"'{key.Value}' is not a parameter of goal template '{template.Id}'.",
                    _schema.Span(key),
                    NameSuggestions.DidYouMean(key.Value, allowed) ?? $"Its parameters: {string.Join(", ", parameters)}.");
            }
            else if (parameters.Contains(key.Value, StringComparer.Ordinal) && _schema.Scalar(value, key.Value, owner) is { } scalar)
            {
                values[key.Value] = scalar.Value;
                spans[key.Value] = _schema.Span(scalar);
            }
        }

        var missing = parameters.Where(p => !values.ContainsKey(p)).ToList();
        foreach (var parameter in missing)
        {
            diagnostics.Add(
                DiagnosticCatalog.MissingKey,
                $"{Capital(owner)} has no '{parameter}', a parameter of the template.",
                _schema.Span(templateNode),
                $"Add '{parameter}: ...' to the goal; the template needs {string.Join(", ", parameters)}.");
        }

        if (missing.Count > 0)
        {
            return null;
        }

        // A filled-in text is placed at the parameter it came from, so a bad value points at the client file.
        Spanned<string> Fill(string text) =>
            new(GoalText.Fill(text, values), GoalText.Placeholders(text).Select(p => spans[p]).FirstOrDefault(_schema.Span(map)));

        var supporting = template.Supporting.Select(s => new SupportingDraft(Fill(s), null, []))
            .Concat(ReadSupporting(map["supporting"], owner)).ToList();
        return new GoalDraft(
            owner,
            IdOf(map, owner),
            _schema.Text(map, "name", owner) ?? GoalText.Fill(template.Name, values),
            Fill(template.Kpi),
            template.ChangeKind,
            Fill(template.ChangeAmount),
            Fill(template.Baseline),
            Fill(template.Deadline),
            supporting,
            template.Id);
    }

    private GoalDraft? Inline(YamlMapping map)
    {
        var owner = $"the goal at line {map.Line}";
        _schema.CheckKeys(map, InlineKeys, owner);
        var kpi = _schema.Required(map, "kpi", owner);
        var change = ReadChange(map, owner);
        var baseline = _schema.Required(map, "baseline", owner);
        var deadline = _schema.Required(map, "deadline", owner);
        if (kpi is null || change is null || baseline is null || deadline is null)
        {
            return null;
        }

        return new GoalDraft(
            owner,
            IdOf(map, owner),
            _schema.Text(map, "name", owner),
            Spanned(kpi),
            change.Value.Kind,
            change.Value.Amount,
            Spanned(baseline),
            Spanned(deadline),
            ReadSupporting(map["supporting"], owner),
            null);
    }

    private string? IdOf(YamlMapping map, string owner) =>
        _schema.Scalar(map["id"], "id", owner) is { } node ? _schema.Identifier(node, "goal id") : null;

    /// <summary>Checks a goal once its texts are filled in; false when it cannot be tracked.</summary>
    private bool Check(GoalDraft draft, IReadOnlyCollection<string> kpiIds)
    {
        var ok = CheckAmount(draft.Amount, draft.Owner);
        ok &= CheckPeriods(draft.Baseline, draft.Deadline, draft.Owner, skipPlaceholders: false);
        if (!kpiIds.Contains(draft.Kpi.Value))
        {
            ok = false;
            UnknownKpi(draft.Owner, "KPI", draft.Kpi, kpiIds);
        }

        return ok;
    }

    private void UnknownKpi(string owner, string role, Spanned<string> reference, IReadOnlyCollection<string> kpiIds) =>
        diagnostics.Add(
            DiagnosticCatalog.UnknownReference,
            $"{Capital(owner)} names {role} '{reference.Value}', which this client does not define or include.",
            reference.Span,
            NameSuggestions.DidYouMean(reference.Value, kpiIds) ?? "Include the catalog that defines it, or define it under kpis.");

    /// <summary>
    /// A <c>supporting:</c> list: each item a KPI id (a proportional target) or
    /// <c>{ kpi, change?, supporting? }</c>. Also accepts one id on its own.
    /// </summary>
    private List<SupportingDraft> ReadSupporting(YamlNode? node, string owner)
    {
        var entries = new List<SupportingDraft>();
        if (node is null or YamlScalar { IsNull: true })
        {
            return entries;
        }

        if (node is YamlScalar single)
        {
            entries.Add(new SupportingDraft(Spanned(single), null, []));
            return entries;
        }

        foreach (var item in _schema.Sequence(node, $"'supporting' of {owner}")?.Items ?? [])
        {
            if (item is YamlScalar id)
            {
                entries.Add(new SupportingDraft(Spanned(id), null, []));
                continue;
            }

            if (_schema.Mapping(item, $"a supporting KPI of {owner} (an id or {{ kpi: ..., change: ... }})") is not { } map)
            {
                continue;
            }

            var entryOwner = $"the supporting KPI at line {map.Line} of {owner}";
            _schema.CheckKeys(map, SupportingKeys, entryOwner);
            var kpi = _schema.Required(map, "kpi", entryOwner);
            var declared = map.Find("change") is not null;
            var change = declared ? ReadChange(map, entryOwner) : null;
            if (kpi is null || (declared && (change is not { } c || !CheckAmount(c.Amount, entryOwner))))
            {
                // A broken entry is left out; its goal and the other entries are kept.
                continue;
            }

            entries.Add(new SupportingDraft(Spanned(kpi), change, ReadSupporting(map["supporting"], entryOwner)));
        }

        return entries;
    }

    /// <summary>
    /// The checked cascade below a goal or entry: unknown KPIs are reported (and kept, shown as undefined);
    /// an entry whose KPI is already on <paramref name="path"/> (the goal's KPI and the entries above) is a
    /// cycle, reported as KPI4050 and left out; a KPI listed twice among siblings counts once.
    /// </summary>
    private List<SupportingGoal> Cascade(string owner, IReadOnlyList<SupportingDraft> entries, List<string> path, IReadOnlyCollection<string> kpiIds)
    {
        var cascade = new List<SupportingGoal>();
        foreach (var entry in entries)
        {
            var kpi = entry.Kpi.Value;
            if (path.Contains(kpi, StringComparer.Ordinal))
            {
                diagnostics.Add(
                    DiagnosticCatalog.GoalCascadeCycle,
                    $"{Capital(owner)} lists '{kpi}' as a supporting KPI, but '{kpi}' is already above it in the cascade ({string.Join(" -> ", path.Append(kpi))}); a KPI cannot support itself.",
                    entry.Kpi.Span,
                    $"Remove '{kpi}' from this 'supporting:' list.");
                continue;
            }

            if (!kpiIds.Contains(kpi))
            {
                UnknownKpi(owner, "supporting KPI", entry.Kpi, kpiIds);
            }

            if (cascade.Exists(s => s.Kpi == kpi))
            {
                continue;
            }

            var change = entry.Change is { } c ? new GoalChange(c.Kind, GoalText.Number(c.Amount.Value)!.Value) : null;
            cascade.Add(new SupportingGoal(kpi, change, Cascade($"the supporting KPI '{kpi}' of {owner}", entry.Supporting, [.. path, kpi], kpiIds), entry.Kpi.Span));
        }

        return cascade;
    }

    private bool CheckAmount(Spanned<string> amount, string owner)
    {
        if (GoalText.Number(amount.Value) is not null)
        {
            return true;
        }

        diagnostics.Add(DiagnosticCatalog.InvalidValue, $"The change of {owner} is '{amount.Value}', not a number.", amount.Span, "Write a plain number such as 20, -50 or 1.5 (a percentage without '%').");
        return false;
    }

    private bool CheckPeriods(Spanned<string> baseline, Spanned<string> deadline, string owner, bool skipPlaceholders)
    {
        var ok = true;
        var baselineKnown = skipPlaceholders && GoalText.Placeholders(baseline.Value).Any();
        var deadlineKnown = skipPlaceholders && GoalText.Placeholders(deadline.Value).Any();
        int baselineEnd = 0, deadlineEnd = 0;
        var baselineLabel = !baselineKnown && baseline.Value is not (GoalText.First or GoalText.Start) && Days.TryParse(baseline.Value, end: true, out baselineEnd);
        if (!baselineKnown && !baselineLabel && baseline.Value is not (GoalText.First or GoalText.Start))
        {
            ok = false;
            diagnostics.Add(DiagnosticCatalog.InvalidValue, $"The baseline of {owner} is '{baseline.Value}', not a period.", baseline.Span, "Write a period such as 2025-12, 2025-Q4 or 2025, or 'first' (the KPI's first period with a value) or 'start' (the first period reported).");
        }

        var deadlineLabel = !deadlineKnown && Days.TryParse(deadline.Value, end: true, out deadlineEnd);
        if (!deadlineKnown && !deadlineLabel && GoalText.RelativeMonths(deadline.Value) is null)
        {
            ok = false;
            diagnostics.Add(DiagnosticCatalog.InvalidValue, $"The deadline of {owner} is '{deadline.Value}', not a period.", deadline.Span, "Write a period such as 2026-12, 2026-Q4 or 2026, or '+6 months' after the baseline.");
        }

        if (baselineLabel && deadlineLabel && deadlineEnd <= baselineEnd)
        {
            ok = false;
            diagnostics.Add(DiagnosticCatalog.InvalidValue, $"The deadline of {owner} ({deadline.Value}) is not after its baseline ({baseline.Value}).", deadline.Span, "Set the deadline after the baseline period.");
        }

        return ok;
    }

    private (GoalChangeKind Kind, Spanned<string> Amount)? ReadChange(YamlMapping map, string owner)
    {
        var entry = map.Find("change");
        if (entry is not { } found || found.Value is YamlScalar { IsNull: true })
        {
            _schema.ReportMissing("change", owner, entry is { } e ? _schema.Span(e.Key) : _schema.Span(map), empty: entry is not null);
            return null;
        }

        const string Hint = "Write one of change: { relative: 20 } (percent), { delta: -100 } (absolute) or { target: 1.5 } (a value to reach).";
        if (found.Value is not YamlMapping change || change.Entries.Count != 1 || !ChangeKeys.Contains(change.Entries[0].Key.Value, StringComparer.Ordinal))
        {
            var typo = found.Value is YamlMapping { Entries.Count: 1 } one ? NameSuggestions.DidYouMean(one.Entries[0].Key.Value, ChangeKeys) : null;
            _schema.Invalid(found.Value, $"The change of {owner} must be exactly one of relative, delta or target.", typo is null ? Hint : $"{typo} {Hint}");
            return null;
        }

        var (key, value) = change.Entries[0];
        if (_schema.Scalar(value, key.Value, owner) is not { } amount)
        {
            _schema.ReportMissing(key.Value, $"the change of {owner}", _schema.Span(key), empty: true);
            return null;
        }

        var kind = key.Value switch
        {
            "relative" => GoalChangeKind.Relative,
            "delta" => GoalChangeKind.Delta,
            _ => GoalChangeKind.Target,
        };
        return (kind, Spanned(amount));
    }

    private Spanned<string> Spanned(YamlScalar scalar) => new(scalar.Value, _schema.Span(scalar));

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>A goal with its texts filled in and where each was written, before it is checked.</summary>
    private sealed record GoalDraft(
        string Owner,
        string? Id,
        string? Name,
        Spanned<string> Kpi,
        GoalChangeKind ChangeKind,
        Spanned<string> Amount,
        Spanned<string> Baseline,
        Spanned<string> Deadline,
        IReadOnlyList<SupportingDraft> Supporting,
        string? Template);

    /// <summary>A <c>supporting:</c> entry as written: its KPI, its declared change (null for proportional) and its own entries.</summary>
    private sealed record SupportingDraft(
        Spanned<string> Kpi,
        (GoalChangeKind Kind, Spanned<string> Amount)? Change,
        IReadOnlyList<SupportingDraft> Supporting);
}
