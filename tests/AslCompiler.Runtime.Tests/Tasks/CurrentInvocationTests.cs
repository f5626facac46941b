using System.Collections.Concurrent;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>
/// TaskInvocation.Current: code behind a handler that is given only the input (a generated class's typed handlers) reads
/// the invocation there, on the handler's own flow.
/// </summary>
public sealed class CurrentInvocationTests
{
    private const string Resource = "arn:aws:states:::x:call";

    // Two branches call the handler at once: each must see its own invocation.
    private const string Definition = """
        {"StartAt":"Both","States":{"Both":{"Type":"Parallel","End":true,"Branches":[
          {"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:states:::x:call","Parameters":{"n":1},"End":true}}},
          {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:states:::x:call","Parameters":{"n":2},"End":true}}}]}}}
        """;

    [Fact]
    public async Task A_handler_and_what_it_awaits_see_their_own_invocation_and_nothing_else_does()
    {
        var seen = new ConcurrentDictionary<string, string>();
        var both = new Barrier(2);
        var registry = new TaskHandlerRegistry().Register(Resource, async invocation =>
        {
            Assert.Same(invocation, TaskInvocation.Current);
            await Task.Run(() => both.SignalAndWait(TimeSpan.FromSeconds(10)));
            var key = await TypedHandlerAsync(invocation.Input);
            seen[invocation.StateName] = key;
            return JsonValue.Null;
        });

        var result = await new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry })
            .RunAsync(AslInterpreter.Compile(Definition), JsonValue.EmptyObject, new ExecutionRequest { Name = "run-1", RecordHistory = false });

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.EndsWith("/b0/1.A@0 n=1", seen["A"], StringComparison.Ordinal);
        Assert.EndsWith("/b1/1.B@0 n=2", seen["B"], StringComparison.Ordinal);
        Assert.Null(TaskInvocation.Current);
    }

    // What a generated class's handler method is: the input and nothing else.
    private static async Task<string> TypedHandlerAsync(JsonValue input)
    {
        await Task.Yield();
        var current = TaskInvocation.Current ?? throw new InvalidOperationException("no current invocation");
        return current.IdempotencyKey + " n=" + input["n"].ToJsonString();
    }
}
