using System.Diagnostics;
using System.Text;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>
/// Hostile paths and inputs end with a <c>States.Runtime</c> failure that names the path and the reason: never a hang,
/// runaway memory or a silently empty result (JsonPathLimits, JsonPathRun, the parser's JSON literals).
/// </summary>
public class JsonPathLimitsTests
{
    private static EvaluationResult Evaluate(string path, JsonValue input, JsonPathLimits limits) =>
        JsonPathEvaluator.Evaluate(JsonPathParser.Parse(path, JsonPathDialect.Jayway), input, null, JsonPathErrorMode.StepFunctions, limits);

    private static JsonValue Nested(string name, int depth)
    {
        var text = new StringBuilder();
        for (var i = 0; i < depth; i++)
        {
            text.Append("{\"").Append(name).Append("\":");
        }

        text.Append('1').Append('}', depth);
        return JsonValue.Parse(text.ToString());
    }

    [Fact]
    public void Chained_recursive_descent_fails_past_the_step_limit()
    {
        // 60 nested "a": $..a..a..a..a has C(60,4) = 487,635 matches (Jayway keeps every one, duplicates included).
        var result = Evaluate("$..a..a..a..a", Nested("a", 60), new JsonPathLimits(100_000, TimeSpan.FromSeconds(1)));

        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Equal(
            "Invalid path '$..a..a..a..a' : The evaluation needs more than 100000 steps (nodes visited, items tested, matches produced), the limit of one evaluation.",
            result.Cause);
    }

    [Fact]
    public void Chained_recursive_descent_keeps_Jayways_duplicates_within_the_limit()
    {
        // Each "a" found by the first scan is scanned again: pairs of nested members, 6 of 4 (as before the limit).
        var result = JsonPathEvaluator.Evaluate("$..a..a", Nested("a", 4));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("""[{"a":{"a":1}},{"a":1},1,{"a":1},1,1]""", result.Value.ToJsonString());
    }

    [Fact]
    public void A_filter_that_scans_the_document_for_each_item_fails_past_the_step_limit()
    {
        var items = string.Join(",", Enumerable.Range(0, 2000).Select(i => "{\"k\":" + i + "}"));
        var input = JsonValue.Parse("{\"list\":[" + items + "]}");

        var scan = Evaluate("$.list[?(@.k in $..k)]", input, new JsonPathLimits(1_000_000, TimeSpan.FromSeconds(1)));

        Assert.Equal(StatesErrorNames.Runtime, scan.Error);
        Assert.StartsWith("Invalid path '$.list[?(@.k in $..k)]' : The evaluation needs more than 1000000 steps", scan.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_limit_leaves_room_for_scans_of_a_full_size_payload()
    {
        // About 256 KiB: the largest payload a state may have.
        var items = string.Join(",", Enumerable.Range(0, 4000).Select(i => "{\"id\":" + i + ",\"tags\":[\"a\",\"b\"],\"v\":{\"x\":" + i + ",\"y\":[1,2,3]}}"));
        var input = JsonValue.Parse("{\"items\":[" + items + "]}");
        Assert.InRange(input.ToJsonString().Length, 200_000, 262_144);

        Assert.Equal(4000, JsonPathEvaluator.Evaluate("$..[?(@.id)]", input).Value.GetArray().Count);
        Assert.Equal((4000 * 11) + 1, JsonPathEvaluator.Evaluate("$..*", input).Value.GetArray().Count);
        Assert.True(JsonPathEvaluator.Evaluate("$..*..*", input).IsSuccess);
        Assert.Equal(2, JsonPathEvaluator.Evaluate("$.items[?(@.id in [7, 9])].v.x", input).Value.GetArray().Count);
    }

    [Theory]
    [InlineData("$.a[*][-2147483648:2147483647]", 160)]
    [InlineData("$.a[*][-2147483648:2147483647:2147483647]", 160)]
    [InlineData("$.a[*][-2147483648:2147483647:-2147483648]", 160)]
    [InlineData("$.a[*][2147483647:-2147483648]", 0)]
    [InlineData("$.a[*][-2147483648:]", 80)]
    [InlineData("$.a[*][:2147483647]", 80)]
    [InlineData("$.a[*][:-2147483648]", 0)]
    public void Slices_cost_the_array_not_the_range(string path, int count)
    {
        // 40 arrays of two items; [from:to] reads each index of from..to-1, so [-2:2] gives items 0,1,0,1 (Jayway).
        var input = JsonValue.Parse("{\"a\":[" + string.Join(",", Enumerable.Repeat("[1,2]", 40)) + "]}");

        var result = Evaluate(path, input, new JsonPathLimits(10_000, TimeSpan.FromSeconds(1)));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(count, result.Value.GetArray().Count);
    }

    [Fact]
    public void A_regex_that_runs_out_of_time_fails_the_evaluation()
    {
        // (a+)+b against a's without a b backtracks exponentially: before, each item spent its own second and then
        // silently did not match.
        var input = JsonValue.Parse("{\"a\":[" + string.Join(",", Enumerable.Repeat("\"" + new string('a', 30) + "!\"", 30)) + "]}");
        var watch = Stopwatch.StartNew();

        var result = Evaluate("$.a[?(@ =~ /(a+)+b/)]", input, new JsonPathLimits(1_000_000, TimeSpan.FromMilliseconds(50)));

        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Equal(
            "Invalid path '$.a[?(@ =~ /(a+)+b/)]' : Matching the regular expression /(a+)+b/ takes longer than the 50 ms that one evaluation may spend on regular expressions.",
            result.Cause);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), watch.Elapsed.ToString());
    }

    [Fact]
    public void Regex_time_is_one_budget_for_the_whole_evaluation()
    {
        // Each match backtracks about 2^17 times, well under the budget alone; 300 of them are far over it together.
        var input = JsonValue.Parse("{\"a\":[" + string.Join(",", Enumerable.Repeat("\"" + new string('a', 17) + "!\"", 300)) + "]}");
        var watch = Stopwatch.StartNew();

        var result = Evaluate("$.a[?(@ =~ /(a+)+b/)]", input, new JsonPathLimits(1_000_000, TimeSpan.FromMilliseconds(20)));

        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Contains("takes longer than the 20 ms that one evaluation may spend on regular expressions", result.Cause, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), watch.Elapsed.ToString());
    }

    [Theory]
    [InlineData("""{"a":[1,2]}""")]
    [InlineData("""{"a":["x"]}""")]
    [InlineData("""{"a":[]}""")]
    public void An_invalid_regex_fails_even_when_no_item_is_tested(string input)
    {
        // Jayway compiles the pattern with the path; before, this silently matched nothing.
        var result = JsonPathEvaluator.Evaluate("$.a[?(@ =~ /[/)]", JsonValue.Parse(input));

        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Equal("Invalid path '$.a[?(@ =~ /[/)]' : The regular expression /[/ is not valid: Invalid pattern '[' at offset 1. Unterminated [] set.", result.Cause);
    }

    [Theory]
    [InlineData("$.a[?(@ =~ /x)|(.*/)]")] // wrapped in the anchors it would read \A(?:x)|(.*)\z and match anything
    [InlineData("$.a[?(@.b =~ /ok/ || @ =~ /(/)]")]
    [InlineData("$[?(@.a[?(@ =~ /)/)])]")]
    public void Invalid_regexes_anywhere_in_the_path_fail(string path)
    {
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.Parse("""{"a":["q","x"]}"""));

        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Contains("is not valid: Invalid pattern", result.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("$.a[?(@ =~ /h.*/)]", """["hello"]""")]
    [InlineData("$.a[?(@ =~ /H.*/i)]", """["hello","Hi"]""")]
    [InlineData("$.a[?(@ =~ /ell/)]", "[]")]
    public void Valid_regexes_match_the_whole_string(string path, string expected)
    {
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.Parse("""{"a":["hello","Hi",3]}"""));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$.a[?(@ in [2, 01])]", 15, "The JSON literal [2, 01] is not valid at character 16: Invalid number '01': leading zeros are not allowed.")]
    [InlineData("$.a[?(@ in [2,])]", 13, "The JSON literal [2,] is not valid at character 14: Trailing comma before ']' is not allowed in JSON.")]
    [InlineData("$.a[?(@ == {'k': 'v', })]", 20, "The JSON literal {'k': 'v', } is not valid at character 21: Trailing comma before '}' is not allowed in JSON.")]
    [InlineData("$.a[?(@ in [1, tru])]", 15, "The JSON literal [1, tru] is not valid at character 16: Invalid literal 'tru': did you mean 'true'?")]
    public void Bad_JSON_literals_in_filters_are_positioned_parse_errors(string path, int offset, string message)
    {
        Assert.False(JsonPathParser.TryParse(path, out _, out var error));
        Assert.Equal(offset, error!.Offset);
        Assert.Equal(message, error.Message);

        var result = JsonPathEvaluator.Evaluate(path, JsonValue.Parse("""{"a":[1,2]}"""));
        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Equal("Invalid path '" + path + "': " + message, result.Cause);
    }

    [Theory]
    [InlineData("$.a[?(@ in [2, 1])]", "[1,2]")]
    [InlineData("$.a[?(@ in ['it\\'s', \"x\"])]", """["it's","x"]""")]
    [InlineData("$.a[?(@ in ['say \"hi\"'])]", """["say \"hi\""]""")]
    [InlineData("$.a[?(@ == {'k': ['v']})]", """[{"k":["v"]}]""")]
    public void JSON_literals_may_quote_strings_either_way(string path, string expected)
    {
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.Parse("""{"a":[1,2,"it's","x","say \"hi\"",{"k":["v"]}]}"""));

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }
}
