using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>
/// ../shared/corpus/jsonpath/jayway-expected.json: every query with a recorded Jayway result must give that result,
/// except those listed in JaywaySkipList.txt (with a reason each).
/// </summary>
public class JaywayCorpusTests
{
    private const int Floor = 257;

    public sealed record Outcome(string Id, string Selector, bool Passed, string Detail);

    internal static IEnumerable<Outcome> RunAll()
    {
        var root = Path.Combine(CorpusLocator.Root, "jsonpath");
        var corpus = JsonValue.Parse(File.ReadAllText(Path.Combine(root, "jayway-expected.json")));
        foreach (var entry in corpus["queries"].GetArray())
        {
            var id = entry["id"].GetString();
            var selector = entry["selector"].GetString();
            var expected = entry["jayway"]["result"];
            if (expected.IsUndefined)
            {
                continue;
            }

            var document = JsonValue.Parse(File.ReadAllText(Path.Combine(root, entry["document"].GetString())));
            var unordered = entry["allowUnordered"].IsTrue;
            string actual;
            string? crash = null;
            try
            {
                var result = JsonPathEvaluator.Evaluate(selector, document, null, JsonPathErrorMode.Jayway);
                actual = result.IsSuccess ? result.Value.ToJsonString()
                    : IsPathNotFound(result.Cause!) ? "\"NOT_FOUND\""
                    : "\"NOT_SUPPORTED\"";
                if (result.IsSuccess && unordered && result.Value.IsArray && expected.IsArray)
                {
                    actual = Sort(result.Value).ToJsonString();
                    expected = Sort(expected);
                }
            }
            catch (Exception e)
            {
                crash = "threw " + e.GetType().Name + ": " + e.Message;
                actual = "null";
            }

            if (crash is not null)
            {
                yield return new Outcome(id, selector, false, crash);
                continue;
            }

            var passed = JsonValue.Parse(actual).Equals(expected);
            yield return new Outcome(id, selector, passed, "expected " + expected.ToJsonString() + ", got " + actual);
        }
    }

    // The messages of Jayway's PathNotFoundException (the harness's NOT_FOUND); any other failure is a rejection.
    private static bool IsPathNotFound(string cause) =>
        cause.Contains("No results for path", StringComparison.Ordinal) || cause.Contains("Missing property", StringComparison.Ordinal) ||
        cause.Contains("can only be applied to arrays", StringComparison.Ordinal) || cause.Contains("Expected to find an object", StringComparison.Ordinal) ||
        (cause.Contains("The path ", StringComparison.Ordinal) && cause.EndsWith(" is null", StringComparison.Ordinal));

    private static JsonValue Sort(JsonValue array) =>
        JsonValue.FromArray(JsonArrayValue.Create(array.GetArray().OrderBy(Canonical, StringComparer.Ordinal)));

    private static string Canonical(JsonValue value) => value.Kind switch
    {
        JsonKind.Object => "{" + string.Join(",", value.GetObject().OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => m.Key + ":" + Canonical(m.Value))) + "}",
        JsonKind.Array => "[" + string.Join(",", value.GetArray().Select(Canonical)) + "]",
        _ => value.ToJsonString(),
    };

    internal static HashSet<string> SkipList()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "JsonPath", "JaywaySkipList.txt");
        return File.ReadAllLines(path)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' ', 2)[0])
            .ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Every_query_outside_the_skip_list_gives_the_Jayway_result()
    {
        var skip = SkipList();
        var outcomes = RunAll().ToList();
        var failures = outcomes.Where(o => !o.Passed && !skip.Contains(o.Id)).Select(o => o.Id + " " + o.Selector + ": " + o.Detail).ToList();
        Assert.True(failures.Count == 0, "Unexpected misses:\n" + string.Join("\n", failures));
        Assert.True(outcomes.Count(o => o.Passed) >= Floor, $"Only {outcomes.Count(o => o.Passed)} of {outcomes.Count} queries pass (floor {Floor}).");
    }

    [Fact]
    public void Skip_list_names_only_queries_that_still_miss()
    {
        var skip = SkipList();
        var nowPassing = RunAll().Where(o => o.Passed && skip.Contains(o.Id)).Select(o => o.Id).ToList();
        Assert.True(nowPassing.Count == 0, "These pass now; remove them from the skip list: " + string.Join(", ", nowPassing));
    }
}
