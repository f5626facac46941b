using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AslCompiler.Tests.Shared;

/// <summary>
/// The TestState requests recorded on AWS (../shared/corpus/localstack/test_state_cases) and how a response is compared
/// with the recorded one: status, output, nextState, error, cause and inspectionData, snapshot placeholders standing for
/// any text. Shared by the replay through <c>asl test-state</c> and the one over the wire (linked into both test projects).
/// </summary>
internal static partial class RecordedTestStates
{
    /// <summary>Recordings that cannot match, with the reason.</summary>
    public static readonly IReadOnlyDictionary<string, string> Unreplayable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["test_test_state_mock_scenarios__test_sfn_start_execution_success_None___test_case_response.json"] =
            "the recorded mock result holds an unresolved extractor placeholder where AWS saw a real execution ARN",
    };

    private static readonly string[] Compared = ["status", "output", "nextState", "error", "cause", "inspectionData"];

    /// <summary>
    /// The file names of the replayable recordings under <paramref name="casesDirectory"/>: not <see cref="Unreplayable"/>,
    /// and not calling a real Lambda function (no mock), which only AWS can answer.
    /// </summary>
    public static IReadOnlyList<string> Cases(string casesDirectory)
    {
        var cases = new List<string>();
        foreach (var path in Directory.EnumerateFiles(casesDirectory, "*.json").Order(StringComparer.Ordinal))
        {
            var request = JsonNode.Parse(File.ReadAllText(path))!["request"]!;
            var text = request.ToJsonString();
            var callsLambda = text.Contains(":function:", StringComparison.Ordinal) || text.Contains("lambda:invoke", StringComparison.Ordinal);
            if (!Unreplayable.ContainsKey(Path.GetFileName(path)) && !(request["mock"] is null && callsLambda && request["stateName"] is null))
            {
                cases.Add(Path.GetFileName(path));
            }
        }

        return cases;
    }

    /// <summary>
    /// The recorded request as an SDK sends it: the members TestState takes as JSON text (which the recorder stored
    /// decoded) as text again.
    /// </summary>
    public static JsonObject RequestAsSent(JsonObject recorded)
    {
        var request = recorded.DeepClone().AsObject();
        foreach (var member in new[] { "definition", "input", "variables", "context" })
        {
            if (request[member] is { } node && node.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null))
            {
                request[member] = node.ToJsonString();
            }
        }

        if (request["mock"] is JsonObject mock && mock["result"] is { } result && result.GetValueKind() != JsonValueKind.String)
        {
            mock["result"] = result.ToJsonString();
        }

        if (request["stateConfiguration"] is JsonObject configuration && configuration["mapItemReaderData"] is { } data && data.GetValueKind() != JsonValueKind.String)
        {
            configuration["mapItemReaderData"] = data.ToJsonString();
        }

        return request;
    }

    /// <summary>The members of <paramref name="actual"/> that differ from the recorded <paramref name="expected"/> response, one line each.</summary>
    public static IEnumerable<string> Differences(JsonObject expected, JsonObject actual)
    {
        foreach (var member in Compared)
        {
            var want = Normalize(expected[member], member == "inspectionData");
            var got = Normalize(actual[member], member == "inspectionData");
            if (!Same(want, got))
            {
                yield return member + ": " + (got?.ToJsonString() ?? "(none)") + " instead of " + (want?.ToJsonString() ?? "(none)");
            }
        }
    }

    /// <summary>Deep equality; a snapshot placeholder (<c>&lt;region&gt;</c>, alone or inside a string) matches any text, <c>date</c> any timestamp.</summary>
    private static bool Same(JsonNode? want, JsonNode? got)
    {
        if (want is JsonValue w && w.GetValueKind() == JsonValueKind.String && got is JsonValue g && g.GetValueKind() == JsonValueKind.String)
        {
            var text = w.GetValue<string>();
            var actual = g.GetValue<string>();
            if (text == actual)
            {
                return true;
            }

            if (text == "date")
            {
                return DateTimeOffset.TryParse(actual, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
            }

            var pattern = "^" + string.Join(".+", Placeholder().Split(text).Select(Regex.Escape)) + "$";
            return text.Contains('<') && Regex.IsMatch(actual, pattern, RegexOptions.Singleline);
        }

        if (want is JsonObject wo && got is JsonObject go)
        {
            return wo.Count == go.Count && wo.All(p => go.ContainsKey(p.Key) && Same(p.Value, go[p.Key]));
        }

        if (want is JsonArray wa && got is JsonArray ga)
        {
            return wa.Count == ga.Count && wa.Select((item, i) => Same(item, ga[i])).All(b => b);
        }

        return JsonNode.DeepEquals(want, got);
    }

    /// <summary>Payload strings are compared as the JSON they hold (the recording shows them parsed); strings inside a payload stay strings.</summary>
    private static JsonNode? Normalize(JsonNode? node, bool inspection)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                return JsonNode.Parse(value.GetValue<string>()) ?? node.DeepClone();
            }
            catch (JsonException)
            {
                return node.DeepClone();
            }
        }

        if (inspection && node is JsonObject obj)
        {
            // A null member is one the response leaves out (the typed API's serialisation writes it).
            var copy = new JsonObject();
            foreach (var (key, child) in obj)
            {
                if (child is not null)
                {
                    copy[key] = Normalize(child, false);
                }
            }

            return copy;
        }

        return node?.DeepClone();
    }

    [GeneratedRegex("<[^<>]+>")]
    private static partial Regex Placeholder();
}
