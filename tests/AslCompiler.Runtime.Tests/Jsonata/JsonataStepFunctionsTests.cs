using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>The Step Functions JSONata dialect: AWS's extra functions (from AWS's documented examples), no <c>$eval</c>, <c>$states</c>.</summary>
public class JsonataStepFunctionsTests
{
    private static JsonataResult Eval(string expression, JsonataBindings? bindings = null, JsonataOptions? options = null) =>
        JsonataExpression.Compile(expression).Evaluate(default, bindings, options ?? JsonataOptions.StepFunctions);

    private static string Json(string expression, JsonataBindings? bindings = null)
    {
        var result = Eval(expression, bindings);
        Assert.True(result.IsSuccess, result.Error?.ToString());
        return result.Value.ToJsonString();
    }

    [Fact]
    public void The_validator_knows_the_library_s_function_names()
    {
        // The definition validator (which cannot see this library) keeps its own list, so that a built-in function
        // passed as a value is no unassigned variable: the two lists must agree.
        var library = new SortedSet<string>(JsonataFunctions.StepFunctionsLibrary.Names, StringComparer.Ordinal);

        Assert.Equal(library, new SortedSet<string>(AslCompiler.Language.Jsonata.JsonataFunctionNames.StepFunctions, StringComparer.Ordinal));
        Assert.DoesNotContain("eval", library);
    }

    [Theory]
    [InlineData("$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)", "[[1,2,3],[4,5,6],[7,8,9]]")]
    [InlineData("$partition([1, 2, 3, 4], 3)", "[[1,2,3],[4]]")]
    [InlineData("$partition([], 2)", "[]")]
    [InlineData("$partition(['a'], 5)", "[[\"a\"]]")]
    public void Partition_splits_into_chunks(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Theory]
    [InlineData("$partition([1, 2, 3], 2.9)", "[[1,2],[3]]")]
    [InlineData("$partition([1, 2], 1.5)", "[[1],[2]]")]
    [InlineData("$range(0.5, 3.7, 1.2)", "[0,1,2,3]")]
    [InlineData("$range(1, 5, 1.5)", "[1,2,3,4,5]")]
    [InlineData("$range(-1.5, 0, 1)", "[-2,-1,0]")]
    [InlineData("$range(0, 1, 0.5)", "[]")]
    public void Integer_parameters_round_down(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Theory]
    [InlineData("$partition([1, 2], 0.9)")]
    [InlineData("$partition([1, 2], 0)")]
    [InlineData("$partition([1, 2], -1)")]
    public void Partition_refuses_a_chunk_size_below_one_after_rounding(string expression)
    {
        var result = Eval(expression);
        Assert.False(result.IsSuccess);
        Assert.Contains("D3040", result.Error!.Code, StringComparison.Ordinal);
    }

    [Fact]
    public void A_seed_rounds_down() => Assert.Equal(Eval("$random(42)").Value, Eval("$random(42.9)").Value);

    [Theory]
    [InlineData("$range(0, 10, 2)", "[0,2,4,6,8,10]")]
    [InlineData("$range(0, 10, 1)", "[0,1,2,3,4,5,6,7,8,9,10]")]
    [InlineData("$range(1, -5, -1)", "[1,0,-1,-2,-3,-4,-5]")]
    [InlineData("$range(1, 9, 3)", "[1,4,7]")]
    [InlineData("$range(0, 9, 3)", "[0,3,6,9]")]
    [InlineData("$range(1, 9, 0)", "[]")]
    [InlineData("$range(1, 9, 9)", "1")]
    public void Range_includes_the_end_when_it_falls_on_a_step(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Theory]
    [InlineData("MD5", "812f45842bc6d66ee14572ce20db8e86")]
    [InlineData("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7")]
    [InlineData("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3")]
    [InlineData("SHA-384", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562")]
    [InlineData("SHA-512", "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4")]
    public void Hash_gives_the_hex_digest(string algorithm, string digest) =>
        Assert.Equal("\"" + digest + "\"", Json($"$hash('input data', '{algorithm}')"));

    [Fact]
    public void Hash_rejects_an_unknown_algorithm() => Assert.False(Eval("$hash('x', 'SHA-3')").IsSuccess);

    [Theory]
    [InlineData(42, 0.7275636800328681)]
    [InlineData(0, 0.730967787376657)]
    public void Random_with_a_seed_is_java_util_Random_nextDouble(long seed, double expected) =>
        Assert.Equal(expected, Eval($"$random({seed})").Value.GetDouble());

    [Fact]
    public void Random_with_the_same_seed_repeats() => Assert.Equal(Eval("$random(7)").Value, Eval("$random(7)").Value);

    [Fact]
    public void Random_without_a_seed_is_in_the_unit_interval()
    {
        var value = Eval("$random()").Value.GetDouble();
        Assert.InRange(value, 0, 1);
        Assert.True(value < 1);
    }

    [Fact]
    public void Uuid_is_a_version_4_uuid()
    {
        var text = Eval("$uuid()").Value.GetString();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", text);
        Assert.NotEqual(text, Eval("$uuid()").Value.GetString());
    }

    [Fact]
    public void Uuid_comes_from_the_injected_factory()
    {
        var guid = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var options = JsonataOptions.StepFunctions with { UuidFactory = () => guid };
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", Eval("$uuid()", options: options).Value.GetString());
    }

    [Theory]
    [InlineData("$parse('{\"a\": [1, 2.5, null]}')", "{\"a\":[1,2.5,null]}")]
    [InlineData("$parse('\"text\"')", "\"text\"")]
    [InlineData("$parse('1.1')", "1.1")]
    public void Parse_reads_a_json_string(string expression, string expected) => Assert.Equal(expected, Json(expression));

    [Fact]
    public void Parse_fails_on_invalid_json() => Assert.False(Eval("$parse('{a')").IsSuccess);

    [Theory]
    [InlineData("$parse('not json')")]
    [InlineData("$parse('[1,]')")]
    public void Parse_explains_bad_json_in_the_jvms_words_not_dotnets(string expression)
    {
        var message = Eval(expression).Error!.Message;
        Assert.StartsWith("$parse: the argument is not valid JSON: ", message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", message, StringComparison.Ordinal);
        Assert.DoesNotContain("reader options", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Eval_is_not_available()
    {
        var result = Eval("$eval('1 + 1')");
        Assert.Equal("T1006", result.Error?.Code);
        Assert.Equal("2", JsonataExpression.Compile("$eval('1 + 1')").Evaluate(default).Value.ToJsonString());
    }

    [Fact]
    public void A_user_lambda_shadows_an_added_function() =>
        Assert.Equal("\"mine\"", Json("($range := function($a, $b){ 'mine' }; $range(1, 2))"));

    [Fact]
    public void States_binding_exposes_input_context_result_and_error_output()
    {
        var bindings = JsonataBindings.Empty.WithStates(
            JsonValue.Parse("""{"n": 2}"""),
            JsonValue.Parse("""{"Execution": {"Id": "arn:x"}}"""),
            JsonValue.Parse("""{"r": 5}"""),
            JsonValue.Parse("""{"Error": "E"}"""));
        Assert.Equal("[2,\"arn:x\",5,\"E\"]", Json("[$states.input.n, $states.context.Execution.Id, $states.result.r, $states.errorOutput.Error]", bindings));
    }

    [Fact]
    public void Template_evaluates_expressions_recursively()
    {
        var template = JsonataPayloadTemplate.Create(JsonValue.Parse("""
            {"sum": "{% $sum($states.input.v) + $k %}", "list": ["{% $states.input.v[0] %}", "literal", {"deep": "{% 'x' & $k %}"}], "n": 1}
            """));
        var bindings = JsonataBindings.Empty.WithStates(JsonValue.Parse("""{"v": [1, 2, 3]}""")).With("k", 10);
        var result = template.Evaluate(bindings);
        Assert.True(result.IsSuccess);
        Assert.Equal("""{"sum":16,"list":[1,"literal",{"deep":"x10"}],"n":1}""", result.Value.ToJsonString());
    }

    [Fact]
    public void Template_without_expressions_is_itself()
    {
        var value = JsonValue.Parse("""{"a": "{not a template}", "b": [1]}""");
        var template = JsonataPayloadTemplate.Create(value);
        Assert.False(template.HasExpressions);
        Assert.Equal(value, template.Evaluate(JsonataBindings.Empty).Value);
    }

    [Fact]
    public void Template_reports_the_nested_field_of_an_undefined_result()
    {
        var result = JsonataPayloadTemplate.Create(JsonValue.Parse("""{"a": {"b": "{% $nothing %}"}}""")).Evaluate(JsonataBindings.Empty, fieldName: "Arguments");
        Assert.Equal(JsonataStatesErrors.QueryEvaluationError, result.Error);
        Assert.Equal("The JSONata expression '$nothing' specified for the field 'Arguments/a/b' returned nothing (undefined).", result.Detail);
    }

    [Fact]
    public void Template_reports_a_function_result_as_unsupported()
    {
        var result = JsonataPayloadTemplate.Create("{% $fn := function($x){$x} %}").Evaluate(JsonataBindings.Empty, fieldName: "Items");
        Assert.Equal("The JSONata expression '$fn := function($x){$x}' specified for the field 'Items' returned an unsupported result type.", result.Detail);
    }

    [Fact]
    public void Template_reports_errors_with_code_and_message()
    {
        var result = JsonataPayloadTemplate.Create("{% 1 + 'a' %}").Evaluate(JsonataBindings.Empty);
        Assert.Equal("The JSONata expression '1 + 'a'' specified for the field 'Output' threw an error during evaluation. T2002: The right side of the \"+\" operator must evaluate to a number", result.Detail);
    }

    [Fact]
    public void Unexpected_type_detail_names_both_types() =>
        Assert.Equal(
            "The JSONata expression 'true' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'boolean' for value: true",
            JsonataStatesErrors.UnexpectedType("true", "Items", "array", JsonValue.True));
}
