using AslCompiler.Language.Model;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// A payload nests at most <see cref="JsonValue.MaxDepth"/> levels: JSON text deeper is not read, and a state output, a
/// Task's result or an assigned variable deeper fails the state with <c>States.DataLimitExceeded</c>. Without the limit
/// a loop that wraps its payload once a round built values whose walks (writing history, hashing, comparing) ran off
/// the end of the call stack, which ends the process.
/// </summary>
public class PayloadDepthTests
{
    private static string Nested(int depth) => new string('[', depth) + new string(']', depth);

    [Theory]
    [InlineData("1", 0)]
    [InlineData("\"s\"", 0)]
    [InlineData("[]", 1)]
    [InlineData("{}", 1)]
    [InlineData("[1, [2, {\"a\": [3]}], {}]", 4)]
    [InlineData("{\"a\": {\"b\": 1}, \"c\": [[[]]]}", 4)]
    public void Every_container_knows_its_depth(string json, int depth) => Assert.Equal(depth, JsonValue.Parse(json).Depth);

    [Fact]
    public void A_container_built_from_others_is_one_deeper_than_the_deepest()
    {
        var inner = JsonValue.Parse(Nested(5));
        var obj = JsonValue.CreateObject(new("flat", 1), new("deep", inner));
        Assert.Equal(6, obj.Depth);
        Assert.Equal(7, JsonValue.CreateArray(obj, JsonValue.Null).Depth);
        Assert.Equal(2, obj.GetObject().SetItem("deep", JsonValue.Parse("[1]")).Depth);
        Assert.Equal(6, JsonValue.Parse("[1]").GetArray().Add(inner).Depth);
    }

    [Fact]
    public void Text_nested_as_deep_as_a_payload_may_is_read_and_deeper_is_refused()
    {
        Assert.Equal(JsonValue.MaxDepth, JsonValue.Parse(Nested(JsonValue.MaxDepth)).Depth);
        var error = Assert.Throws<JsonValueParseException>(() => JsonValue.Parse(Nested(JsonValue.MaxDepth + 1)));
        Assert.Contains("depth", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(false, 256 * 1024)]
    [InlineData(true, 256 * 1024)]
    [InlineData(false, 0)]
    [InlineData(true, 0)]
    public async Task A_loop_that_wraps_its_payload_fails_at_the_state_that_passes_the_depth(bool history, int limit)
    {
        // Ten levels a round, 20 bytes: far within the size limit when the depth limit is reached (with history, the
        // kernel writes every output; it used to stop with an exception there, or overflow the stack hashing).
        const string definition = """
            { "StartAt": "Loop", "States": {
              "Loop": { "Type": "Choice", "Choices": [ { "Variable": "$.i", "NumericLessThan": 150, "Next": "Wrap" } ], "Default": "Use" },
              "Wrap": { "Type": "Pass", "Parameters": { "i.$": "States.MathAdd($.i, 1)",
                "v.$": "States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array(States.Array($.v))))))))))" },
                "Next": "Loop" },
              "Use": { "Type": "Pass", "Parameters": { "u.$": "States.ArrayUnique(States.Array($.v, $.v))" }, "End": true } } }
            """;
        var result = await RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("{\"i\":0,\"v\":[]}"), history, limit);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.DataLimitExceeded", result.Error);
        Assert.Equal(ExecutionRun.ResultTooDeep("Wrap"), result.Cause);
        Assert.Contains("nested deeper than 1000 levels", result.Cause, StringComparison.Ordinal);
        if (history)
        {
            // The last Wrap that passed had an output of 991 levels: 99 rounds, 2 events each for Loop and Wrap.
            Assert.Equal(99, result.History!.Events.Count(e => e.Type == "PassStateExited"));
        }
    }

    [Theory]
    [InlineData(JsonValue.MaxDepth, ExecutionStatus.Succeeded)]
    [InlineData(JsonValue.MaxDepth + 1, ExecutionStatus.Failed)]
    public async Task A_task_result_is_refused_past_the_depth_and_its_catcher_sees_the_error(int depth, ExecutionStatus status)
    {
        const string definition = """
            { "StartAt": "Call", "States": {
              "Call": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:deep", "End": true,
                "Catch": [ { "ErrorEquals": [ "States.DataLimitExceeded" ], "ResultPath": "$.caught", "Next": "Caught" } ] },
              "Caught": { "Type": "Fail", "Error": "Caught", "CausePath": "$.caught.Cause" } } }
            """;
        // Built, not read: text this deep is refused when read.
        var deep = JsonValue.CreateArray();
        for (var i = 1; i < depth; i++)
        {
            deep = JsonValue.CreateArray(deep);
        }

        var handlers = new TaskHandlerRegistry().RegisterFunction("*", _ => deep);
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = handlers });
        var result = await kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("{}"), new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = false });

        Assert.Equal(status, result.Status);
        if (status == ExecutionStatus.Failed)
        {
            Assert.Equal("Caught", result.Error);
            Assert.Equal(ExecutionRun.ResultTooDeep("arn:aws:lambda:us-east-1:123456789012:function:deep"), result.Cause);
        }
        else
        {
            Assert.Equal(depth, result.Output.Depth);
        }
    }

    [Fact]
    public async Task A_variable_assigned_deeper_each_round_fails_the_state_that_passes_the_depth()
    {
        const string definition = """
            { "StartAt": "Start", "States": {
              "Start": { "Type": "Pass", "Assign": { "v": [], "i": 0 }, "Next": "Loop" },
              "Loop": { "Type": "Choice", "Choices": [ { "Variable": "$i", "NumericLessThan": 600, "Next": "Wrap" } ], "Default": "Done" },
              "Wrap": { "Type": "Pass", "Assign": { "i.$": "States.MathAdd($i, 1)", "v": { "a": { "b.$": "$v" } } }, "Next": "Loop" },
              "Done": { "Type": "Succeed" } } }
            """;
        var result = await RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("{}"), history: false, 256 * 1024);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.DataLimitExceeded", result.Error);
        Assert.Equal("The state/task 'Wrap' assigned a variable nested deeper than 1000 levels, the most a payload may nest.", result.Cause);
    }

    private static ValueTask<ExecutionResult> RunAsync(StateMachineProgram program, JsonValue input, bool history, int limit) =>
        new ExecutionKernel(new ExecutionOptions { MaxPayloadBytes = limit, MaxHistoryEvents = 100_000 })
            .RunAsync(program, input, new ExecutionRequest { Type = ExecutionType.Express, RecordHistory = history });
}
