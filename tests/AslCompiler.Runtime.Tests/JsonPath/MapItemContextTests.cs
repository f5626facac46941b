using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;

namespace AslCompiler.Runtime.Tests.JsonPath;

/// <summary>
/// <c>$$.Map.Item.Value...</c>, <c>$$.Execution...</c>, <c>$$.StateMachine...</c> and <c>$$.Task...</c> are read from
/// the frame without building the context object; every other <c>$$</c> path builds it once. Both give what the built
/// object gives, failures included.
/// </summary>
public class MapItemContextTests
{
    private static readonly JsonValue Item = JsonValue.Parse("""{"sku":"s1","qty":[1,{"n":2}],"none":null}""");

    private static readonly JsonValue Context = JsonValue.Parse(
        """{"Execution":{"Name":"run"},"Map":{"Item":{"Index":4,"Value":""" + Item.ToJsonString() + """}}}""");

    [Theory]
    [InlineData("$$.Map.Item.Value", false)]
    [InlineData("$$.Map.Item.Value.sku", false)]
    [InlineData("$$.Map.Item.Value.qty[1].n", false)]
    [InlineData("$$.Map.Item.Value.none", false)]
    [InlineData("$$.Map.Item.Value.missing", false)]
    [InlineData("$$.Map.Item.Value.sku.deeper", false)]
    [InlineData("$$.Map.Item.Value.qty[5]", false)]
    [InlineData("$$.Map.Item.Index", true)]
    [InlineData("$$.Map.Item", true)]
    [InlineData("$$.Execution.Name", true)]
    [InlineData("$$.Map.Item.Value.qty[*]", true)]
    [InlineData("$$.Map.Item['Value','Index']", true)]
    public void A_map_item_path_gives_what_the_built_context_object_gives(string path, bool builds)
    {
        var built = 0;
        var lazy = new EvaluationContext
        {
            ContextFactory = () =>
            {
                built++;
                return Context;
            },
            MapItemIndex = 4,
            MapItemValue = Item,
        };
        var eager = new EvaluationContext { ContextObject = Context };

        var expected = JsonPathEvaluator.Evaluate(path, JsonValue.EmptyObject, eager);
        var actual = JsonPathEvaluator.Evaluate(path, JsonValue.EmptyObject, lazy);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Cause, actual.Cause);
        Assert.Equal(expected.Value, actual.Value);
        Assert.Equal(builds ? 1 : 0, built);

        // Built once, however often it is read.
        JsonPathEvaluator.Evaluate("$$.Execution.Name", JsonValue.EmptyObject, lazy);
        Assert.Equal(1, built);
    }

    [Fact]
    public async Task Members_read_from_the_frame_equal_the_built_context_objects_members()
    {
        const string definition = """
            {"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{
              "whole.$":"$$","execution.$":"$$.Execution","machine.$":"$$.StateMachine","name.$":"$$.Execution.Name",
              "input.$":"$$.Execution.Input.v"},"Next":"T"},
             "T":{"Type":"Pass","Parameters":{"token.$":"$$.Task.Token"},"End":true}}}
            """;
        var kernel = new ExecutionKernel();
        var result = await kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("""{"v":[1,{"w":2}]}"""),
            new ExecutionRequest { Name = "ctx", RecordHistory = true, StateMachineName = "Machine" });

        // The first state's output is in the history; the second state fails: a Pass state has no $$.Task.
        var entered = result.History!.Events.First(e => e.Type == "PassStateExited" && e.Details["name"].GetString() == "P");
        var output = JsonValue.Parse(entered.Details["output"].GetString());
        Assert.Equal(output["whole"]["Execution"], output["execution"]);
        Assert.Equal(output["whole"]["StateMachine"], output["machine"]);
        Assert.Equal(output["whole"]["Execution"]["Name"], output["name"]);
        Assert.Equal("ctx", output["name"].GetString());
        Assert.Equal("Machine", output["machine"]["Name"].GetString());
        Assert.Equal(JsonValue.Parse("""{"v":[1,{"w":2}]}"""), output["execution"]["Input"]);
        Assert.Equal(JsonValue.Parse("""[1,{"w":2}]"""), output["input"]);
        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains("The JSONPath '$$.Task.Token' specified for the field 'token.$' could not be found in the input '{\"Execution\":", result.Cause, StringComparison.Ordinal);
    }
}
