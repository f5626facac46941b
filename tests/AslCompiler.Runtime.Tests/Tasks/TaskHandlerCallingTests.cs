using System.Collections.Concurrent;
using System.Diagnostics;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>
/// ExecutionOptions.TaskHandlerCalling: told before each handler call on the call's flow (what it makes ambient is the
/// handler's, and only the handler's), and, once the call ended, told its error name (null: it answered).
/// </summary>
public sealed class TaskHandlerCallingTests
{
    private const string Definition = """
        {"StartAt":"Ok","States":{
          "Ok":{"Type":"Task","Resource":"arn:aws:states:::x:ok","ResultPath":"$.ok","Next":"Declined"},
          "Declined":{"Type":"Task","Resource":"arn:aws:states:::x:declined","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.declined","Next":"Crash"}],"Next":"Crash"},
          "Crash":{"Type":"Task","Resource":"arn:aws:states:::x:crash","Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.crash","Next":"Done"}],"End":true},
          "Done":{"Type":"Succeed"}}}
        """;

    [Fact]
    public async Task Each_call_is_told_before_and_after_with_its_error_and_its_ambient_activity_is_the_handlers_only()
    {
        using var source = new ActivitySource("TaskHandlerCallingTests");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
        };
        ActivitySource.AddActivityListener(listener);
        var told = new ConcurrentQueue<string>();
        var ambientInHandler = new ConcurrentDictionary<string, string?>();
        var registry = new TaskHandlerRegistry()
            .Register("arn:aws:states:::x:ok", invocation => Answer(invocation, () => JsonValue.Parse("1")))
            .Register("arn:aws:states:::x:declined", invocation => Answer(invocation, () => throw new TaskFailedException("Card.Declined", "no")))
            .Register("arn:aws:states:::x:crash", invocation => Answer(invocation, () => throw new InvalidOperationException("boom")));
        var options = new ExecutionOptions
        {
            TaskHandlers = registry,
            TaskHandlerCalling = invocation =>
            {
                var span = source.StartActivity(invocation.StateName + " call");
                told.Enqueue("start " + invocation.StateName);
                return error =>
                {
                    told.Enqueue("end " + invocation.StateName + " " + (error ?? "answered"));
                    span?.Stop();
                };
            },
        };

        var result = await new ExecutionKernel(options).RunAsync(AslInterpreter.Compile(Definition), JsonValue.EmptyObject);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(
            ["start Ok", "end Ok answered", "start Declined", "end Declined Card.Declined", "start Crash", "end Crash InvalidOperationException"],
            told);
        Assert.Equal("Ok call", ambientInHandler["Ok"]);
        Assert.Equal("Crash call", ambientInHandler["Crash"]);
        Assert.Null(Activity.Current);

        ValueTask<JsonValue> Answer(TaskInvocation invocation, Func<JsonValue> answer)
        {
            ambientInHandler[invocation.StateName] = Activity.Current?.DisplayName;
            return ValueTask.FromResult(answer());
        }
    }

    [Fact]
    public async Task A_hook_that_throws_changes_nothing_for_the_run()
    {
        var registry = new TaskHandlerRegistry().Register("arn:aws:states:::x:ok", _ => ValueTask.FromResult(JsonValue.Parse("1")));
        var options = new ExecutionOptions { TaskHandlers = registry, TaskHandlerCalling = _ => throw new InvalidOperationException("listener broke") };

        var result = await new ExecutionKernel(options).RunAsync(
            AslInterpreter.Compile("""{"StartAt":"Ok","States":{"Ok":{"Type":"Task","Resource":"arn:aws:states:::x:ok","End":true}}}"""), JsonValue.EmptyObject);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("1", result.Output.ToJsonString());
    }
}
