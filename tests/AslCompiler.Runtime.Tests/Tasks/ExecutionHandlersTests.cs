using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>
/// An execution's own handlers (ExecutionKernel.RunAsync with a registry) answer it before the kernel's, and only it:
/// concurrent executions on one kernel each reach their own (a throughput trial's tenants ran each other's handlers
/// when a generated class registered them on the kernel's shared registry).
/// </summary>
public sealed class ExecutionHandlersTests
{
    private const string Definition = """{"StartAt":"Who","States":{"Who":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:who","Next":"Other"},"Other":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","ResultPath":"$.other","End":true}}}""";

    [Fact]
    public async Task Concurrent_executions_on_one_kernel_each_call_their_own_handlers_then_the_kernels()
    {
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TaskHandlers = new TaskHandlerRegistry().RegisterFunction("arn:aws:states:::sqs:sendMessage", _ => "kernel's"),
        });
        var program = AslInterpreter.Compile(Definition);
        async Task<JsonValue> RunAsTenant(string tenant)
        {
            var own = new TaskHandlerRegistry().Register("arn:aws:lambda:us-east-1:1:function:who", async _ =>
            {
                await Task.Yield();
                return JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("tenant", tenant));
            });
            var result = await kernel.RunAsync(program, JsonValue.EmptyObject, new ExecutionRequest { RecordHistory = false }, own);
            Assert.Equal(ExecutionStatus.Succeeded, result.Status);
            return result.Output;
        }

        var outputs = await Task.WhenAll(Enumerable.Range(0, 400).Select(i => Task.Run(() => RunAsTenant("t" + (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture)))));

        for (var i = 0; i < outputs.Length; i++)
        {
            Assert.Equal("t" + (i % 7).ToString(System.Globalization.CultureInfo.InvariantCulture), outputs[i]["tenant"].GetString());
            Assert.Equal("kernel's", outputs[i]["other"].GetString());
        }

        Assert.False(kernel.Options.TaskHandlers.TryGet("arn:aws:lambda:us-east-1:1:function:who", out _)); // the kernel's are left as they were
    }

    [Fact]
    public async Task An_executions_own_handler_wins_over_the_kernels_for_the_same_resource()
    {
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TaskHandlers = new TaskHandlerRegistry().RegisterFunction("*", _ => "kernel's"),
        });
        var own = new TaskHandlerRegistry().RegisterFunction("arn:aws:lambda:us-east-1:1:function:who", _ => JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("tenant", "own")));

        var result = await kernel.RunAsync(AslInterpreter.Compile(Definition), JsonValue.EmptyObject, null, own);

        Assert.Equal(JsonValue.Parse("""{"tenant":"own","other":"kernel's"}"""), result.Output);
    }
}
