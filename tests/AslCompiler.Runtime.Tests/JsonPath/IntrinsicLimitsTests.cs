using System.Diagnostics;
using System.Text;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using CsCheck;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>
/// Intrinsic functions that build text count its length before building it: arguments can repeat one large value
/// (<c>States.Array($, $, ...)</c>, recursive descent over deep nesting), standing for gigabytes of text in a few
/// megabytes of memory. Past <see cref="Intrinsics.MaxStringLength"/> the call is a <c>States.IntrinsicFailure</c>
/// that names the length and the limit, reached in little time and memory; up to it, the text is built as before.
/// </summary>
public class IntrinsicLimitsTests
{
    // A 200 KB state input, as in the report: {"a":"xxxx..."}.
    private static readonly JsonValue Large = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("a", new string('x', 200_000)));

    private static string Repeat(string argument, int count) => string.Join(", ", Enumerable.Repeat(argument, count));

    private static string Placeholders(int count) => string.Concat(Enumerable.Repeat("{}", count));

    private static JsonValue Nested(int depth)
    {
        var text = new StringBuilder();
        text.Insert(0, "{\"a\":", depth).Append('1').Append('}', depth);
        return JsonValue.Parse(text.ToString());
    }

    // Evaluates the call (parsed first: the definition is not part of what the evaluation may allocate), asserting it
    // stayed within the time and memory a refused call should take.
    private static EvaluationResult EvaluateBounded(string expression, JsonValue input, long maxBytes = 64_000_000)
    {
        var call = AslCompiler.Language.JsonPath.IntrinsicFunctionParser.Parse(expression);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var result = Intrinsics.Evaluate(call, input);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - allocated, 0, maxBytes);
        return result;
    }

    private static void AssertTooLong(EvaluationResult result, string expression, long length)
    {
        Assert.Equal(StatesErrorNames.IntrinsicFailure, result.Error);
        Assert.Equal(
            "The evaluation of the intrinsic function '" + expression + "' failed: the result would be a string of " + length + " characters; the limit is 10000000.",
            result.Cause);
    }

    [Fact]
    public void JsonToString_of_an_array_repeating_a_large_input_fails_before_writing_it()
    {
        // Was: the process grew to 4.3 GB and died (ArgumentOutOfRangeException out of the StringBuilder).
        var expression = "States.JsonToString(States.Array(" + Repeat("$", 20_000) + "))";

        var result = EvaluateBounded(expression, Large);

        // Each item is {"a":"x...x"} (200,008 characters), with 19,999 commas and the brackets.
        AssertTooLong(result, expression, (20_000L * 200_008) + 20_001);
    }

    [Fact]
    public void Format_of_many_large_arguments_fails_before_building_the_text()
    {
        var objects = "States.Format('" + Placeholders(20_000) + "', " + Repeat("$", 20_000) + ")";
        var strings = "States.Format('" + Placeholders(20_000) + "', " + Repeat("$.a", 20_000) + ")";

        // An object is printed as Java prints a Map: {a=x...x}, 200,004 characters.
        AssertTooLong(EvaluateBounded(objects, Large), objects, 20_000L * 200_004);
        AssertTooLong(EvaluateBounded(strings, Large), strings, 20_000L * 200_000);
    }

    [Fact]
    public void Hash_of_a_large_value_fails_before_writing_it()
    {
        var direct = "States.Hash(States.Array(" + Repeat("$", 20_000) + "), 'MD5')";
        var written = "States.Hash(States.JsonToString(States.Array(" + Repeat("$", 20_000) + ")), 'MD5')";

        var hashed = EvaluateBounded(direct, Large);
        var nested = EvaluateBounded(written, Large);

        Assert.Equal(StatesErrorNames.IntrinsicFailure, hashed.Error);
        Assert.Equal("The evaluation of the intrinsic function '" + direct + "' failed: the input is longer than 10000 characters.", hashed.Cause);
        AssertTooLong(nested, written["States.Hash(".Length..^", 'MD5')".Length], (20_000L * 200_008) + 20_001);
    }

    [Fact]
    public void JsonToString_of_chained_descent_over_deep_nesting_fails_in_bounded_time()
    {
        // 990 nested "a": $..a..a has about 490,000 matches, each a whole nested tail, gigabytes as text (was an
        // OutOfMemoryException). The matches themselves take their part of the bound (the path's own steps).
        var input = Nested(990);

        var text = EvaluateBounded("States.JsonToString($..a..a)", input, 400_000_000);
        var formatted = EvaluateBounded("States.Format('{}', $..a..a)", input, 400_000_000);

        Assert.Equal(StatesErrorNames.IntrinsicFailure, text.Error);
        Assert.Matches("failed: the result would be a string of [0-9]{9} characters; the limit is 10000000\\.$", text.Cause);
        Assert.Equal(StatesErrorNames.IntrinsicFailure, formatted.Error);
        Assert.Matches("failed: the result would be a string of [0-9]{9} characters; the limit is 10000000\\.$", formatted.Cause);
    }

    [Fact]
    public void Text_up_to_the_limit_is_built_and_one_character_more_fails()
    {
        var input = JsonValue.CreateObject(
            new KeyValuePair<string, JsonValue>("s", new string('y', 9_999_998)),
            new KeyValuePair<string, JsonValue>("c", new string('\u0001', 1_000_000)),
            new KeyValuePair<string, JsonValue>("q", new string('"', 1_000_000)));

        Assert.Equal(10_000_000, Intrinsics.Evaluate("States.JsonToString($.s)", input).Value.GetString().Length);
        Assert.Equal(10_000_000, Intrinsics.Evaluate("States.Format('{}{}', $.s, 'yy')", input).Value.GetString().Length);
        AssertTooLong(Intrinsics.Evaluate("States.Format('{}{}', $.s, 'yyy')", input), "States.Format('{}{}', $.s, 'yyy')", 10_000_001);

        // Escapes count as written: a control character is six (\u0001), a quote two (\"); only the array is counted
        // (a string alone is six times its length at most, short enough on its face).
        var array = "States.JsonToString(States.Array($.c, $.q, $.q))";
        AssertTooLong(Intrinsics.Evaluate(array, input), array, 6_000_002 + (2 * 2_000_002) + 4);
        Assert.Equal(6_000_002 + 2_000_002 + 3, Intrinsics.Evaluate("States.JsonToString(States.Array($.c, $.q))", input).Value.GetString().Length);
    }

    [Fact]
    public void JsonToString_of_a_value_deeper_than_JSON_is_written_is_an_IntrinsicFailure()
    {
        var value = JsonValue.FromNumber(1);
        for (var i = 0; i <= JsonValueWriter.MaxDepth; i++)
        {
            value = JsonValue.CreateArray(value);
        }

        var input = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("v", value));
        var text = Intrinsics.Evaluate("States.JsonToString($.v)", input);
        var hash = Intrinsics.Evaluate("States.Hash($.v, 'MD5')", input);

        Assert.Equal(StatesErrorNames.IntrinsicFailure, text.Error);
        Assert.EndsWith("failed: the argument nests deeper than 10000 levels.", text.Cause, StringComparison.Ordinal);
        Assert.Equal(StatesErrorNames.IntrinsicFailure, hash.Error);
        Assert.EndsWith("failed: the input is longer than 10000 characters.", hash.Cause, StringComparison.Ordinal);
    }

    private static EvaluationResult EvaluateTimed(string expression, JsonValue input, TimeSpan within)
    {
        var call = AslCompiler.Language.JsonPath.IntrinsicFunctionParser.Parse(expression);
        var clock = Stopwatch.StartNew();
        var result = Intrinsics.Evaluate(call, input);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, within);
        return result;
    }

    [Fact]
    public void ArrayUnique_of_integers_that_share_a_double_takes_linear_time()
    {
        // Integers past 2^53 round to few doubles; hashed by their doubles, each met every earlier one (40,000: seconds).
        var numbers = string.Join(",", Enumerable.Range(0, 40_000).Select(i => "1000000000000000" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture)));
        var input = JsonValue.Parse("{\"flat\":[" + numbers + "],\"wrapped\":[[" + numbers.Replace(",", "],[", StringComparison.Ordinal) + "]]}");

        var flat = EvaluateTimed("States.ArrayUnique($.flat)", input, TimeSpan.FromMilliseconds(500));
        var wrapped = EvaluateTimed("States.ArrayUnique($.wrapped)", input, TimeSpan.FromMilliseconds(500));
        var contains = EvaluateTimed("States.ArrayContains($.wrapped, States.Array(100000000000000039999))", input, TimeSpan.FromMilliseconds(500));

        Assert.Equal(40_000, flat.Value.GetArray().Count);
        Assert.Equal(40_000, wrapped.Value.GetArray().Count);
        Assert.Equal(JsonValue.True, contains.Value);
    }

    [Fact]
    public void ArrayUnique_and_ArrayContains_compare_repeated_equal_objects_whole_once()
    {
        // Two equal objects of 10,000 members, not the same instance, given 40,000 times: each comparison used to walk
        // them whole (ArrayContains too, against an object that differs in its last member only).
        var members = string.Join(",", Enumerable.Range(0, 10_000).Select(i => "\"k" + i + "\":" + i));
        var input = JsonValue.Parse("{\"p\":{" + members + "},\"q\":{" + members + "},\"delta\":{\"k9999\":-1}}");
        var items = string.Join(",", Enumerable.Range(0, 40_000).Select(i => i % 2 == 0 ? "$.p" : "$.q"));
        var wrapped = string.Join(",", Enumerable.Range(0, 40_000).Select(i => i % 2 == 0 ? "States.Array($.p)" : "States.Array($.q)"));

        var unique = EvaluateTimed("States.ArrayUnique(States.Array(" + items + "))", input, TimeSpan.FromSeconds(1));
        var uniqueWrapped = EvaluateTimed("States.ArrayUnique(States.Array(" + wrapped + "))", input, TimeSpan.FromSeconds(1));
        var contains = EvaluateTimed("States.ArrayContains(States.Array(" + items + "), States.JsonMerge($.p, $.delta, false))", input, TimeSpan.FromSeconds(1));

        Assert.Single(unique.Value.GetArray());
        Assert.Single(uniqueWrapped.Value.GetArray());
        Assert.Equal(JsonValue.False, contains.Value);
    }

    [Fact]
    public void StringSplit_with_thousands_of_separators_takes_linear_time()
    {
        // Every character passes string.Split's filter for many separators, then was tested against each (4M: seconds).
        var separators = new string(Enumerable.Range(0x100, 0xC000).Where(c => c % 2 == 0).Select(c => (char)c).ToArray());
        var text = new string(Enumerable.Range(0, 4_000_000).Select(i => (char)(0x101 + (2 * (i % 20_000)))).ToArray()) + "\u0100tail\u0102";
        var input = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("t", text), new KeyValuePair<string, JsonValue>("s", separators));

        var result = EvaluateTimed("States.StringSplit($.t, $.s)", input, TimeSpan.FromMilliseconds(500));

        Assert.Equal(2, result.Value.GetArray().Count);
        Assert.Equal("tail", result.Value.GetArray()[1].GetString());
    }

    [Fact]
    public void StringSplit_with_many_separators_gives_the_pieces_string_Split_gives()
    {
        Gen.Select(Gen.Char["a,;:.-+=\u00e9\ud83d\ude00"].Array[0, 40], Gen.Char["a,;:.-+=\u00e9\ud83d"].Array[6, 12]).Sample((text, separators) =>
        {
            var expected = new string(text).Split(separators, StringSplitOptions.RemoveEmptyEntries);
            var actual = Intrinsics.SplitAtAny(new string(text), new string(separators));
            Assert.Equal(expected, actual.Select(v => v.GetString()));
        }, iter: 2000);
    }
}
