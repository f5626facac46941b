namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A generated class's <c>RegisterHandlers(TaskHandlerRegistry, ITaskHandlerScope&lt;IHandlers&gt;)</c>: each Task call
/// runs on handlers the scope makes for it (a dependency-injection scope per call in a host), and the scope sees the
/// call's invocation.
/// </summary>
public class ScopedHandlerTests
{
    private const string Definition = """
        {"StartAt":"Price","States":{
          "Price":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:price","ResultPath":"$.first","Next":"Again"},
          "Again":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:price","ResultPath":"$.second","Next":"Send"},
          "Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"q","MessageBody.$":"$.second"},"ResultPath":"$.sent","End":true}}}
        """;

    private const string User = """
        #pragma warning disable CS1591
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using AslCompiler.Runtime.Execution;
        using AslCompiler.Runtime.Json;
        using AslCompiler.Runtime.Tasks;

        namespace Shop;

        public static class Check
        {
            public static async Task<string> RunAsync()
            {
                var scope = new CountingScope();
                var registry = new TaskHandlerRegistry();
                Orders.RegisterHandlers(registry, scope);
                var result = await new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry }).RunAsync(Orders.Program, JsonValue.Parse("{}"), new ExecutionRequest());
                return result.Output + " " + string.Join(",", scope.Calls) + " ended " + scope.Ended;
            }
        }

        /// <summary>Makes a new OrderHandlers per call, numbered, and counts those it ended.</summary>
        internal sealed class CountingScope : ITaskHandlerScope<OrderHandlers>
        {
            public List<string> Calls { get; } = [];

            public int Ended { get; private set; }

            public async ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation, Func<OrderHandlers, TaskInvocation, ValueTask<JsonValue>> handler)
            {
                Calls.Add(invocation.StateName);
                var handlers = new OrderHandlers(Calls.Count);
                try
                {
                    return await handler(handlers, invocation);
                }
                finally
                {
                    Ended++;
                }
            }
        }

        internal sealed class OrderHandlers(int number) : Orders.IHandlers
        {
            public ValueTask<JsonValue> PriceAsync(JsonValue input, CancellationToken cancellationToken) => new(number);

            public ValueTask<JsonValue> SendMessageAsync(JsonValue input, CancellationToken cancellationToken) => new("sent " + input["MessageBody"].ToString() + " by " + number);
        }
        """;

    [Fact]
    public async Task Each_call_runs_on_handlers_its_scope_made_for_it()
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", Definition)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, User));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var (check, context) = GeneratorHarness.LoadType(output, "Shop.Check", "ScopedHandlers");

        var run = (Task<string>)check.GetMethod("RunAsync")!.Invoke(null, null)!;

        Assert.Equal("""{"first":1,"second":2,"sent":"sent 2 by 3"} Price,Again,Send ended 3""", await run.WaitAsync(TimeSpan.FromSeconds(30)));
        context.Unload();
    }
}
