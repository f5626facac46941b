using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Tests.JsonPath;

public class JsonPathEvaluatorTests
{
    private static readonly JsonValue Input = JsonValue.Parse("""{"a":{"b":[1,2,3]},"items":[{"price":5},{"price":15}],"s":"x"}""");

    [Theory]
    [InlineData("$.a.b[-1]", "3")]
    [InlineData("$.a.b[*]", "[1,2,3]")]
    [InlineData("$.items[?(@.price < 10)]", "[{\"price\":5}]")]
    [InlineData("$..price", "[5,15]")]
    [InlineData("$.a.b.length()", "3")]
    public void Paths_select_as_Step_Functions_does(string path, string expected)
    {
        var result = JsonPathEvaluator.Evaluate(path, Input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Theory]
    [InlineData("$.NoSuchOutputPath", "Invalid path '$.NoSuchOutputPath' : No results for path: $['NoSuchOutputPath']")]
    [InlineData("$.no.such.result.path", "Invalid path '$.no.such.result.path' : Missing property in path $['no']")]
    public void Missing_definite_path_fails_with_the_AWS_cause(string path, string cause)
    {
        var result = JsonPathEvaluator.Evaluate(path, JsonValue.EmptyObject);
        Assert.Equal(StatesErrorNames.Runtime, result.Error);
        Assert.Equal(cause, result.Cause);
    }

    [Fact]
    public void Variables_and_context_are_reachable()
    {
        var context = EvaluationContext.Create(JsonValue.Parse("""{"Execution":{"Id":"e1"}}"""), JsonValue.Parse("""{"v":{"x":[7]}}"""));
        Assert.Equal("\"e1\"", JsonPathEvaluator.Evaluate("$$.Execution.Id", Input, context).Value.ToJsonString());
        Assert.Equal("7", JsonPathEvaluator.Evaluate("$v.x[0]", Input, context).Value.ToJsonString());
    }

    [Theory]
    [InlineData(null, "{\"a\":1}")]
    [InlineData("$", "\"r\"")]
    [InlineData("$.x.y", "{\"a\":1,\"x\":{\"y\":\"r\"}}")]
    [InlineData("$.a", "{\"a\":\"r\"}")]
    public void ResultPath_places_the_result(string? path, string expected)
    {
        var result = ResultPath.Apply(path, JsonValue.Parse("{\"a\":1}"), "r");
        Assert.Equal(expected, result.Value.ToJsonString());
    }

    [Fact]
    public void ResultPath_into_a_non_object_fails()
    {
        Assert.Equal(StatesErrorNames.ResultPathMatchFailure, ResultPath.Apply("$.a.b", JsonValue.Parse("{\"a\":1}"), "r").Error);
        Assert.Equal(StatesErrorNames.ResultPathMatchFailure, ResultPath.Apply("$.a", "text", "r").Error);
    }

    [Fact]
    public void Templates_render_paths_intrinsics_and_constants()
    {
        var template = PayloadTemplate.Create(JsonValue.Parse("""{"k":"v","n":{"p.$":"$.a.b[0]"},"arr":[{"f.$":"States.Format('{}!', $.s)"}]}"""));
        Assert.Equal("{\"k\":\"v\",\"n\":{\"p\":1},\"arr\":[{\"f\":\"x!\"}]}", template.Evaluate(Input).Value.ToJsonString());
        var missing = PayloadTemplate.Create(JsonValue.Parse("""{"value.$":"$.nope"}""")).Evaluate(JsonValue.EmptyObject);
        Assert.Equal("The JSONPath '$.nope' specified for the field 'value.$' could not be found in the input '{}'", missing.Cause);
    }

    [Theory]
    [InlineData("log-*.txt", "log-2024.txt", true)]
    [InlineData("*", "", true)]
    [InlineData(@"a\*b", "a*b", true)]
    [InlineData(@"a\*b", "axb", false)]
    [InlineData("a*b*c", "aXbYc", true)]
    [InlineData("a*b*c", "aXbY", false)]
    public void StringMatches_follows_star_and_escape_rules(string pattern, string text, bool matches)
    {
        Assert.Equal(matches, ChoiceRuleEvaluator.StringMatches(text, pattern));
    }

    [Fact]
    public void Choice_rules_combine_with_And_Or_Not()
    {
        var rule = JsonValue.Parse("""{"And":[{"Variable":"$.s","StringEquals":"x"},{"Not":{"Variable":"$.a.b[0]","NumericGreaterThanPath":"$.a.b[1]"}}]}""");
        Assert.True(ChoiceRuleEvaluator.Evaluate(rule, Input).Value.IsTrue);
        Assert.False(ChoiceRuleEvaluator.Evaluate(JsonValue.Parse("""{"Variable":"$.zz","IsPresent":true}"""), Input).Value.IsTrue);
    }
}
