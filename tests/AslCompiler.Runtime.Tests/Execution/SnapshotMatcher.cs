using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// Compares a value recorded by LocalStack's snapshot recorder with a value a local run produced. The recorder replaced
/// volatile values by placeholders (<c>"timestamp"</c>, <c>&lt;uuid:1&gt;</c>, ARNs with <c>&lt;region&gt;</c> and
/// <c>&lt;ArnPart_0idx&gt;</c> parts, test-specific names listed in the case's <c>snapshot_replacements</c> ...) and
/// decoded strings holding JSON objects. A placeholder matches only a value of its shape (an ISO timestamp, a UUID, a
/// resource name, ...), or its own text when the local run replayed recorded data; a numbered placeholder (and a
/// single-valued one such as <c>&lt;region&gt;</c>) binds to the first value it matches and must match that same value
/// everywhere else in the case, and two numbered placeholders of one family (<c>&lt;uuid:1&gt;</c>,
/// <c>&lt;uuid:2&gt;</c>) must stand for different values. Everything else compares exactly. One instance per case.
/// </summary>
internal sealed partial class SnapshotMatcher
{
    private const string Timestamp = @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})";
    // Inside a text the recorder replaced any date-time it saw, a zone or not (a Wait cause quotes the input as given).
    private const string EmbeddedTimestamp = @"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?";
    private const string Uuid = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
    private const string ResourceName = "[A-Za-z0-9_.-]{1,80}";
    private const string RoleArn = @"arn:aws(?:-[a-z]+)*:iam::\d{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}";

    // Placeholders standing alone as a whole string value (the recorder replaced the value, not part of a text).
    private static readonly Dictionary<string, Kind> WholeValue = new(StringComparer.Ordinal)
    {
        ["timestamp"] = new(Timestamp, Bound: false),
        ["date"] = new(Timestamp, Bound: false),
        ["datetime"] = new(Timestamp, Bound: false),
        ["start-time"] = new(Timestamp, Bound: false),
        ["entered-time"] = new(Timestamp, Bound: false),
        ["snf_role_arn"] = new(RoleArn, Bound: true),
        ["sfn_role_arn"] = new(RoleArn, Bound: true),
        ["RandomNumberGenerated"] = new("-?[0-9]{1,19}", Bound: false, Integer: true),
        // Replaced by member name (ExecutionArn, StateMachineArn, StartDate, StopDate) whatever the value: any ARN of the
        // kind, and for the dates a date or epoch milliseconds (a number, or text as a mocked response may give them).
        ["execution-arn"] = new(@"arn:aws(?:-[a-z]+)*:states:[a-z0-9-]+:\d{12}:(?:execution|express):[^:]+:[^:]+", Bound: false),
        ["state-machine-arn"] = new(@"arn:aws(?:-[a-z]+)*:states:[a-z0-9-]+:\d{12}:stateMachine:[^:]+", Bound: false),
        ["start-date"] = new(Timestamp + "|[0-9]{10,13}", Bound: false, Integer: true),
        ["stop-date"] = new(Timestamp + "|[0-9]{10,13}", Bound: false, Integer: true),
    };

    // Placeholders that can sit inside a text (ARNs, causes): <name> or <name:N>, matched on the whole token.
    private static readonly (Regex Token, Kind Kind)[] Embedded =
    [
        (new Regex(@"\A<uuid:\d+>\z"), new(Uuid, Bound: true)),
        (new Regex(@"\A<(?:request_id|request-id)>\z"), new(Uuid, Bound: false)),
        (new Regex(@"\A<(?:ArnPart|ExecArnPart)_\d+idx>\z"), new(ResourceName, Bound: true)),
        (new Regex(@"\A<(?:ExpressExecArn|SyncExecArn)_Part\d+_\d+idx>\z"), new(ResourceName, Bound: true)),
        (new Regex(@"\A<MapRunArnPart\d+_\d+idx>\z"), new(ResourceName, Bound: true)),
        (new Regex(@"\A<resource:\d+>\z"), new(ResourceName, Bound: true)),
        (new Regex(@"\A<test-table>\z"), new(ResourceName, Bound: true)),
        (new Regex(@"\A<partition>\z"), new("aws(?:-[a-z]+)*", Bound: true)),
        (new Regex(@"\A<region>\z"), new("[a-z]{2}(?:-[a-z]+)+-[0-9]{1,2}", Bound: true)),
        (new Regex(@"\A<(?:timestamp|start-time|entered-time|start-date|stop-date)>\z"), new(EmbeddedTimestamp, Bound: false)),
        (new Regex(@"\A<json-input:\d+>\z"), new(".+", Bound: true, Json: true)),
        (new Regex(@"\A<LogResult:\d+>\z"), new("[A-Za-z0-9+/]+={0,2}", Bound: true)),
        (new Regex(@"\A<task_token:\d+>\z"), new(@"[\x21-\x7e]{1,1024}", Bound: true)),
    ];

    private readonly Dictionary<string, string> _constants = new(StringComparer.Ordinal);
    private readonly Regex[] _unverified;
    private readonly Dictionary<string, string> _bindings = new(StringComparer.Ordinal);
    private readonly Regex _tokens;

    /// <summary>
    /// Creates a matcher for one case; <paramref name="replacements"/> maps a real value the test used to the
    /// placeholder the recording shows for it (the case's <c>snapshot_replacements</c>): that placeholder stands for
    /// exactly that value.
    /// </summary>
    /// <param name="replacements">Real values the test used and the placeholders the recording shows for them.</param>
    /// <param name="unverifiedPaths">
    /// The case's <c>unverified_paths</c>: members the recording's test did not compare (<c>$..SdkHttpMetadata</c>,
    /// <c>$..events..taskSubmittedEventDetails.output</c>), skipped wherever they are, recorded or not.
    /// </param>
    public SnapshotMatcher(IEnumerable<KeyValuePair<string, string>>? replacements = null, IEnumerable<string>? unverifiedPaths = null)
    {
        _unverified = [.. (unverifiedPaths ?? []).Select(UnverifiedPathPattern)];
        foreach (var (real, placeholder) in replacements ?? [])
        {
            _constants[placeholder] = real;
        }

        var alternatives = _constants.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape).Append("<[A-Za-z][A-Za-z0-9_:.-]{0,60}>");
        _tokens = new Regex(string.Join("|", alternatives), RegexOptions.CultureInvariant);
    }

    /// <summary>A matcher for a corpus case: its <c>snapshot_replacements</c> become constants.</summary>
    public static SnapshotMatcher ForCase(JsonValue testCase) =>
        new(
            testCase["snapshot_replacements"].TryGetObject(out var map)
                ? map.Select(m => new KeyValuePair<string, string>(m.Key, m.Value.GetString()))
                : null,
            testCase["unverified_paths"].TryGetArray(out var paths) ? paths.Select(p => p.GetString()) : null);

    /// <summary>
    /// A pattern of LocalStack's skip-verification paths (<c>$..a..b.c</c>: member <c>a</c> anywhere, then <c>b</c>
    /// anywhere below it, then its member <c>c</c>) as a regular expression over this matcher's paths
    /// (<c>output.a[0].x.b.c</c>).
    /// </summary>
    private static Regex UnverifiedPathPattern(string path)
    {
        var pattern = new StringBuilder(@"\A[^.\[]*");
        foreach (Match step in Regex.Matches(path.StartsWith('$') ? path[1..] : path, @"(\.\.?)([^.]+)"))
        {
            pattern.Append(step.Groups[1].Value == ".." ? @"(?:[.\[].*)?\." : @"\.").Append(Regex.Escape(step.Groups[2].Value));
        }

        return new Regex(pattern.Append(@"\z").ToString(), RegexOptions.CultureInvariant);
    }

    private bool IsUnverified(string path) => _unverified.Any(p => p.IsMatch(path));

    /// <summary>What the placeholders matched so far (placeholder text → value).</summary>
    public IReadOnlyDictionary<string, string> Bindings => _bindings;

    /// <summary>Null when <paramref name="actual"/> matches <paramref name="recorded"/>, else where and how they differ.</summary>
    public string? Compare(JsonValue recorded, JsonValue actual, string path = "$")
    {
        switch (recorded.Kind)
        {
            case JsonKind.String:
                var template = recorded.GetString();
                if (actual.TryGetString(out var text))
                {
                    return MatchText(template, text) is { } problem ? path + ": " + problem : null;
                }

                if (actual.Kind == JsonKind.Number && WholeValue.TryGetValue(template, out var whole) && whole.Integer && actual.TryGetInt64(out _))
                {
                    return null;
                }

                return path + ": " + actual.ToJsonString() + " is not the recorded " + recorded.ToJsonString();

            case JsonKind.Object or JsonKind.Array when actual.Kind == JsonKind.String:
                // The recorder stores a string holding a JSON object or array decoded: compare what the string holds.
                return JsonValue.TryParse(actual.GetString(), out var decoded, out _) && decoded.Kind == recorded.Kind
                    ? Compare(recorded, decoded, path + "(decoded)")
                    : path + ": " + actual.ToJsonString() + " is not the recorded " + recorded.Kind.ToString().ToLowerInvariant();

            case JsonKind.Object:
                if (!actual.TryGetObject(out var actualObject))
                {
                    return path + ": " + Describe(actual) + " where an object was recorded";
                }

                var recordedObject = recorded.GetObject();
                foreach (var name in recordedObject.Names)
                {
                    if (!actualObject.ContainsKey(name) && !IsUnverified(path + "." + name))
                    {
                        return path + "." + name + ": missing";
                    }
                }

                foreach (var name in actualObject.Names)
                {
                    if (!recordedObject.ContainsKey(name) && !IsUnverified(path + "." + name))
                    {
                        return path + "." + name + ": not recorded (" + Describe(actualObject[name]) + ")";
                    }
                }

                foreach (var (name, value) in recordedObject)
                {
                    if (actualObject.ContainsKey(name) && !IsUnverified(path + "." + name) && Compare(value, actualObject[name], path + "." + name) is { } problem)
                    {
                        return problem;
                    }
                }

                return null;

            case JsonKind.Array:
                if (!actual.TryGetArray(out var actualArray))
                {
                    return path + ": " + Describe(actual) + " where an array was recorded";
                }

                var recordedArray = recorded.GetArray();
                if (recordedArray.Count != actualArray.Count)
                {
                    return path + ": " + actualArray.Count.ToString(CultureInfo.InvariantCulture) + " items where "
                        + recordedArray.Count.ToString(CultureInfo.InvariantCulture) + " were recorded";
                }

                for (var i = 0; i < recordedArray.Count; i++)
                {
                    if (Compare(recordedArray[i], actualArray[i], path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]") is { } problem)
                    {
                        return problem;
                    }
                }

                return null;

            default:
                return recorded.Equals(actual) ? null : path + ": " + Describe(actual) + " != recorded " + recorded.ToJsonString();
        }
    }

    /// <summary>Null when the text <paramref name="actual"/> matches the recorded text <paramref name="template"/>, else why not.</summary>
    public string? MatchText(string template, string actual)
    {
        if (WholeValue.TryGetValue(template, out var whole))
        {
            return template == actual || Regex.IsMatch(actual, @"\A(?:" + whole.Shape + @")\z", RegexOptions.CultureInvariant)
                ? Bind(template, whole, actual)
                : Quote(actual) + " is not a value of the recorded placeholder " + Quote(template);
        }

        var pattern = new StringBuilder(@"\A");
        var groups = new List<(string Group, string Token, Kind Kind)>();
        var firstGroup = new Dictionary<string, string>(StringComparer.Ordinal);
        var position = 0;
        foreach (Match token in _tokens.Matches(template))
        {
            var kind = KindOf(token.Value);
            if (kind is null)
            {
                continue;
            }

            pattern.Append(Regex.Escape(template[position..token.Index]));
            position = token.Index + token.Length;
            if (_bindings.TryGetValue(token.Value, out var bound))
            {
                pattern.Append(Regex.Escape(bound));
            }
            else if (kind.Bound && firstGroup.TryGetValue(token.Value, out var group))
            {
                pattern.Append(@"\k<").Append(group).Append('>');
            }
            else
            {
                group = "p" + groups.Count.ToString(CultureInfo.InvariantCulture);
                firstGroup[token.Value] = group;
                groups.Add((group, token.Value, kind));
                pattern.Append("(?<").Append(group).Append(">(?:").Append(kind.Shape).Append(")|").Append(Regex.Escape(token.Value)).Append(')');
            }
        }

        if (groups.Count == 0 && position == 0)
        {
            return template == actual ? null : Quote(actual) + " != recorded " + Quote(template);
        }

        pattern.Append(Regex.Escape(template[position..])).Append(@"\z");
        var match = Regex.Match(actual, pattern.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        if (!match.Success)
        {
            return Quote(actual) + " does not match the recorded " + Quote(template);
        }

        foreach (var (group, token, kind) in groups)
        {
            if (Bind(token, kind, match.Groups[group].Value) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private Kind? KindOf(string token)
    {
        if (_constants.TryGetValue(token, out var real))
        {
            return new Kind(Regex.Escape(real), Bound: false);
        }

        foreach (var (pattern, kind) in Embedded)
        {
            if (pattern.IsMatch(token))
            {
                return kind;
            }
        }

        return null;
    }

    private string? Bind(string token, Kind kind, string value)
    {
        if (kind.Json && value != token && !JsonValue.TryParse(value, out _, out _))
        {
            return Quote(value) + " is not JSON text, as the placeholder " + token + " is";
        }

        if (!kind.Bound)
        {
            return null;
        }

        if (_bindings.TryGetValue(token, out var bound))
        {
            return bound == value ? null : token + " is " + Quote(bound) + " elsewhere in the recording but " + Quote(value) + " here";
        }

        var family = Digits().Replace(token, "N");
        foreach (var (other, otherValue) in _bindings)
        {
            if (otherValue == value && other != token && Digits().Replace(other, "N") == family && value != token)
            {
                return token + " and " + other + " are distinct values in the recording but both are " + Quote(value) + " here";
            }
        }

        _bindings[token] = value;
        return null;
    }

    private static string Describe(JsonValue value) => value.IsUndefined ? "(absent)" : value.ToJsonString();

    private static string Quote(string text) => "\"" + (text.Length > 300 ? text[..300] + "…" : text) + "\"";

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Digits();

    private sealed record Kind(string Shape, bool Bound, bool Integer = false, bool Json = false);
}
