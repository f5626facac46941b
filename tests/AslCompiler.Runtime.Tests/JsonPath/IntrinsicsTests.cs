using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using CsCheck;

namespace AslCompiler.Runtime.Tests.JsonPath;

public class IntrinsicsTests
{
    private static readonly JsonValue Input = JsonValue.Parse("""
        {"inputArray":[1,2,3,4,5,6,7,8,9],"index":5,"s":"Data to encode","b64":"RGF0YSB0byBlbmNvZGU=",
         "json1":{"a":{"a1":1,"a2":2},"b":2},"json2":{"a":{"a3":1,"a4":2},"c":3},"dup":[1,2,3,3,3,3,3,3,4],"str":"{\"x\":1}"}
        """);

    [Theory]
    // Documented examples (AWS "Intrinsic functions" page).
    [InlineData("States.Format('Hello, my name is {}.', 'John')", "\"Hello, my name is John.\"")]
    [InlineData(@"States.Format('a \{literal\} and {}', 1.5)", "\"a {literal} and 1.5\"")]
    [InlineData("States.StringToJson($.str)", "{\"x\":1}")]
    [InlineData("States.JsonToString($.json1)", "\"{\\\"a\\\":{\\\"a1\\\":1,\\\"a2\\\":2},\\\"b\\\":2}\"")]
    [InlineData("States.Array('Foo', 2020, $.index, null)", "[\"Foo\",2020,5,null]")]
    [InlineData("States.ArrayPartition($.inputArray, 4)", "[[1,2,3,4],[5,6,7,8],[9]]")]
    [InlineData("States.ArrayContains($.inputArray, 5)", "true")]
    [InlineData("States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]")]
    [InlineData("States.ArrayRange(9, 1, -3)", "[9,6,3]")]
    [InlineData("States.ArrayGetItem($.inputArray, $.index)", "6")]
    [InlineData("States.ArrayLength($.inputArray)", "9")]
    [InlineData("States.ArrayUnique($.dup)", "[1,2,3,4]")]
    [InlineData("States.Base64Encode($.s)", "\"RGF0YSB0byBlbmNvZGU=\"")]
    [InlineData("States.Base64Decode($.b64)", "\"Data to encode\"")]
    [InlineData("States.Hash('input data', 'SHA-1')", "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"")]
    [InlineData("States.JsonMerge($.json1, $.json2, false)", "{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}")]
    [InlineData("States.MathAdd(111, -1)", "110")]
    [InlineData("States.StringSplit('1,2,3,4,5', ',')", "[\"1\",\"2\",\"3\",\"4\",\"5\"]")]
    [InlineData("States.StringSplit('This.is+a,test=string', '.+,=')", "[\"This\",\"is\",\"a\",\"test\",\"string\"]")]
    [InlineData("States.ArrayGetItem(States.StringSplit('a-b-c', '-'), States.MathAdd(States.ArrayLength(States.StringSplit('a-b-c', '-')), -1))", "\"c\"")]
    public void Documented_examples_give_documented_results(string expression, string expected)
    {
        var result = Intrinsics.Evaluate(expression, Input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(JsonValue.Parse(expected), result.Value);
    }

    [Theory]
    [InlineData("States.Format('{} {}', 1)")]
    [InlineData("States.Format('{}', 1, 2)")]
    [InlineData("States.StringToJson(1)")]
    [InlineData("States.StringToJson('{bad')")]
    [InlineData("States.JsonToString()")]
    [InlineData("States.ArrayPartition($.inputArray, 0)")]
    [InlineData("States.ArrayPartition('x', 1)")]
    [InlineData("States.ArrayContains(1, 1)")]
    [InlineData("States.ArrayRange(1, 2000, 1)")]
    [InlineData("States.ArrayRange(1, 5, 0)")]
    [InlineData("States.ArrayRange(1.5, 5, 1)")]
    [InlineData("States.ArrayGetItem($.inputArray, 9)")]
    [InlineData("States.ArrayGetItem($.inputArray, -1)")]
    [InlineData("States.ArrayLength('x')")]
    [InlineData("States.ArrayUnique(1)")]
    [InlineData("States.Base64Encode(1)")]
    [InlineData("States.Base64Decode('***')")]
    [InlineData("States.Hash('x', 'SHA-3')")]
    [InlineData("States.Hash(null, 'MD5')")]
    [InlineData("States.JsonMerge($.json1, $.json2, true)")]
    [InlineData("States.JsonMerge($.json1, 1, false)")]
    [InlineData("States.MathRandom(5, 1)")]
    [InlineData("States.MathRandom(1)")]
    [InlineData("States.MathAdd('1', 2)")]
    [InlineData("States.StringSplit(1, ',')")]
    [InlineData("States.UUID(1)")]
    public void Bad_arguments_fail_with_IntrinsicFailure(string expression)
    {
        var result = Intrinsics.Evaluate(expression, Input);
        Assert.Equal(StatesErrorNames.IntrinsicFailure, result.Error);

        // No recording or AWS document gives AWS's wording for these causes (docs/runtime.md): ours names the call.
        Assert.StartsWith("The evaluation of the intrinsic function '" + expression + "' failed: ", result.Cause, StringComparison.Ordinal);
        Assert.EndsWith(".", result.Cause, StringComparison.Ordinal);
    }

    [Theory]
    // Recorded on AWS (localstack test_json_merge): the merge comes out in java.util.HashMap order.
    [InlineData("""{"a":{"a1":1,"a2":2},"b":2,"d":3}""", """{"a":{"a3":1,"a4":2},"c":3,"d":4}""", """["a","b","c","d"]""")]
    [InlineData("""{"z":1}""", """{"a":2}""", """["a","z"]""")]
    [InlineData("""{"q":1,"b":1}""", """{"a":2}""", """["q","a","b"]""")]
    public void JsonMerge_orders_members_as_a_Java_HashMap(string first, string second, string expectedKeys)
    {
        var input = JsonValue.Parse("""{"x":""" + first + ""","y":""" + second + "}");
        var result = Intrinsics.Evaluate("States.JsonMerge($.x, $.y, false)", input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expectedKeys, JsonValue.FromArray(JsonArrayValue.Create(result.Value.GetObject().Select(m => JsonValue.FromString(m.Key)))).ToJsonString());
    }

    [Fact]
    public void Missing_path_argument_fails_with_Runtime()
    {
        Assert.Equal(StatesErrorNames.Runtime, Intrinsics.Evaluate("States.ArrayLength($.missing)", Input).Error);
    }

    [Fact]
    public void Base64_and_hash_limit_input_length()
    {
        var big = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("s", new string('a', 10_001)));
        Assert.False(Intrinsics.Evaluate("States.Base64Encode($.s)", big).IsSuccess);
        Assert.False(Intrinsics.Evaluate("States.Hash($.s, 'MD5')", big).IsSuccess);
    }

    [Fact]
    public void Uuid_is_version_4_and_MathRandom_is_in_range_and_seedable()
    {
        var uuid = Intrinsics.Evaluate("States.UUID()", Input).Value.GetString();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", uuid);
        for (var i = 0; i < 100; i++)
        {
            Assert.InRange(Intrinsics.Evaluate("States.MathRandom(1, 3)", Input).Value.GetDouble(), 1, 2);
        }

        Assert.Equal(Intrinsics.Evaluate("States.MathRandom(1, 1000, 7)", Input).Value, Intrinsics.Evaluate("States.MathRandom(1, 1000, 7)", Input).Value);
    }

    [Fact]
    public void Random_expressions_never_crash_the_evaluators()
    {
        var parts = Gen.OneOfConst("States.Format(", "States.Array(", "States.MathAdd(", "States.ArrayRange(", "States.StringSplit(",
            "$.inputArray", "$..*", "$[?(@ > 1)]", "'a{}'", "1", "-2.5", "null", ",", ")", "(", "$$", "true", "'", "\\", "[0]", "[*]");
        parts.Array[1, 12].Sample(tokens =>
        {
            var text = string.Concat(tokens);
            _ = Intrinsics.Evaluate(text, Input);
            _ = JsonPathEvaluator.Evaluate(text, Input);
            if (PayloadTemplate.TryCreate(JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("x.$", text)), out var template, out _))
            {
                _ = template!.Evaluate(Input);
            }
        }, iter: 3000);
    }
}
