using AslCompiler.Language.Jsonata;
using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;

namespace AslCompiler.Runtime.Tests.Jsonata;

/// <summary>
/// The runtime side of JSONata compiled to C#: a compiled body runs with the evaluator's environment, errors and
/// conversions, and the operations it is made of give the evaluator's results (bodies written here as the
/// generator writes them).
/// </summary>
public class JsonataCompiledExpressionTests
{
    private static readonly JsonValue Input = JsonValue.Parse("""{"a": 2, "o": {"b": [{"c": 1}, {"c": [2, 3]}, {"d": 4}]}, "s": "x"}""");

    private static JsonataBindings States => JsonataBindings.Empty.WithStates(Input);

    [Fact]
    public void A_compiled_body_sees_the_bindings_and_its_result_is_converted_as_the_evaluators()
    {
        // $states.input.a + 1.5
        var compiled = new JsonataCompiledExpression("$states.input.a + 1.5", static (s, x) =>
            JsonataOps.Add(JsonataOps.VariablePath(s.Variable("states"), "input", "a"), 1.5d, 15));
        var expected = JsonataExpression.Compile("$states.input.a + 1.5").Evaluate(default, States, JsonataOptions.StepFunctions);
        var actual = compiled.Evaluate(default, States, JsonataOptions.StepFunctions);
        Assert.True(actual.IsSuccess);
        Assert.Equal(expected.Value, actual.Value);
        Assert.Equal("3.5", actual.Value.ToJsonString());
    }

    [Fact]
    public void Errors_of_compiled_operations_carry_the_evaluators_code_message_position_and_token()
    {
        const string Text = "$states.input.s * 2";
        var position = JsonataParser.Parse(Text).Root!.Position;
        var compiled = new JsonataCompiledExpression(Text, (s, x) =>
            JsonataOps.Multiply(JsonataOps.VariablePath(s.Variable("states"), "input", "s"), 2d, position));
        var expected = JsonataExpression.Compile(Text).Evaluate(default, States, JsonataOptions.StepFunctions).Error!;
        var actual = compiled.Evaluate(default, States, JsonataOptions.StepFunctions).Error!;
        Assert.Equal("T2001", actual.Code);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Calls_look_the_function_up_when_they_run_and_apply_the_signature()
    {
        const string Text = "$uppercase($states.input.s)";
        var position = JsonataParser.Parse(Text).Root!.Position;
        JsonataCompiledBody body = (s, x) =>
            JsonataOps.Finish(s.Call(x, s.Variable("uppercase"), position, "uppercase", JsonataOps.VariablePath(s.Variable("states"), "input", "s")), false);
        var compiled = new JsonataCompiledExpression(Text, body);
        Assert.Equal("\"X\"", compiled.Evaluate(default, States, JsonataOptions.StepFunctions).Value.ToJsonString());

        // A binding named like a built-in shadows it, for compiled code as for the evaluator.
        var shadowed = States.With("uppercase", JsonValue.FromNumber(1));
        var expected = JsonataExpression.Compile(Text).Evaluate(default, shadowed, JsonataOptions.StepFunctions).Error!;
        Assert.Equal("T1006", expected.Code);
        Assert.Equal(expected, compiled.Evaluate(default, shadowed, JsonataOptions.StepFunctions).Error);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("o.b.c")]
    [InlineData("o.b.d")]
    [InlineData("o.b.missing")]
    [InlineData("o.missing.c")]
    [InlineData("s.length")]
    public void Member_paths_read_directly_give_what_the_step_sequence_gives(string path)
    {
        var names = path.Split('.');
        var compiled = new JsonataCompiledExpression(path, (s, x) => JsonataOps.NamePath(x, names));
        var viaVariable = new JsonataCompiledExpression("$states.input." + path, (s, x) => JsonataOps.VariablePath(s.Variable("states"), ["input", .. names]));
        var expected = JsonataExpression.Compile(path).Evaluate(Input);
        Assert.Equal(Show(expected), Show(compiled.Evaluate(Input)));
        Assert.Equal(Show(expected), Show(viaVariable.Evaluate(default, States)));

        // Over an array document (the evaluator's outer wrapper), the general steps run.
        var array = JsonValue.Parse("[" + Input.ToJsonString() + ", {\"a\": 5}]");
        Assert.Equal(Show(JsonataExpression.Compile(path).Evaluate(array)), Show(compiled.Evaluate(array)));
    }

    [Fact]
    public void A_payload_template_takes_compiled_expressions_instead_of_parsing_them()
    {
        // The text does not parse: the compiled body is used, so no syntax error.
        var template = JsonValue.Parse("""{"x": "{% not ( valid %}", "y": "{% $states.input.a %}", "z": "{% $states.input.none %}"}""");
        var compiled = JsonataPayloadTemplate.CreateWithCompiled(template, text => text == " not ( valid " ? static (s, x) => "compiled" : null);
        var bindings = States;
        var r = JsonataPayloadTemplate.CreateWithCompiled(JsonValue.Parse("""{"x": "{% not ( valid %}"}"""), text => static (s, x) => "compiled").Evaluate(bindings);
        Assert.Equal("""{"x":"compiled"}""", r.Value.ToJsonString());

        // A compiled expression producing undefined fails with the evaluator's cause detail and field path.
        var undefinedBody = JsonataPayloadTemplate.CreateWithCompiled(template, text => static (s, x) => null).Evaluate(bindings);
        Assert.False(undefinedBody.IsSuccess);
        Assert.Equal("The JSONata expression 'not ( valid' specified for the field 'Output/x' returned nothing (undefined).", undefinedBody.Detail);

        // The parsed ones still go through the evaluator: 'z' is undefined there.
        var mixed = compiled.Evaluate(bindings);
        Assert.Equal("The JSONata expression '$states.input.none' specified for the field 'Output/z' returned nothing (undefined).", mixed.Detail);
    }

    private static string Show(JsonataResult result) =>
        result.Error is { } e ? e.ToString() + " @" + e.Position : result.Value.IsUndefined ? "undefined" : result.Value.ToJsonString();
}
