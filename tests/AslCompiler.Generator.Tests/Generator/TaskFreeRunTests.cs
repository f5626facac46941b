using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A definition without Task states has nothing to implement, so its class runs without handlers:
/// <c>RunAsync(input, options, cancellationToken)</c>. A definition with Task states has no such overload (its handlers
/// are required), and a shell has none either.
/// </summary>
public class TaskFreeRunTests
{
    private const string Echo = """
        {"StartAt":"Shape","States":{"Shape":{"Type":"Pass","Parameters":{"id.$":"$.id","ok":true},"End":true}}}
        """;

    private const string HandlerLess = "RunAsync(global::AslCompiler.Runtime.Json.JsonValue input, global::AslCompiler.Runtime.Execution.ExecutionOptions? options = null";

    [Fact]
    public async Task A_definition_without_tasks_runs_without_handlers()
    {
        var (output, source) = GeneratorHarness.Generate("Echo.asl.json", Echo);
        Assert.Contains(HandlerLess, source, StringComparison.Ordinal);
        var (type, context) = GeneratorHarness.LoadType(output, "Shop.Echo", "TaskFree");

        var run = type.GetMethod("RunAsync", [typeof(JsonValue), typeof(ExecutionOptions), typeof(CancellationToken)])!;
        var result = await (ValueTask<ExecutionResult>)run.Invoke(null, [JsonValue.Parse("""{"id":"A-1"}"""), null, CancellationToken.None])!;

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse("""{"id":"A-1","ok":true}"""), result.Output);
        context.Unload();
    }

    [Fact]
    public void A_definition_with_tasks_or_errors_has_no_handler_less_RunAsync()
    {
        var (_, withTasks) = GeneratorHarness.Generate("Refund.asl.json", Definitions.Refund);
        Assert.DoesNotContain(HandlerLess, withTasks, StringComparison.Ordinal);
    }
}
