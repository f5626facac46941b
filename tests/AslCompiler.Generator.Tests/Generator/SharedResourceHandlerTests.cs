namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Two generated classes whose definitions call the same resource each reach their own handler: RegisterHandlers puts
/// a class's handlers in its definition's registry (<c>TaskHandlerRegistry.ForDefinition</c>), and the compiled class
/// looks there first. The last class registered used to answer both (found by a user trial).
/// </summary>
public class SharedResourceHandlerTests
{
    private const string Notify = """
        {"Comment":"%NAME%","StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"q","MessageBody":"m"},"End":true}}}
        """;

    private const string User = """
        #pragma warning disable CS1591
        using System.Threading;
        using System.Threading.Tasks;
        using AslCompiler.Runtime.Api;
        using AslCompiler.Runtime.Execution;
        using AslCompiler.Runtime.Json;
        using AslCompiler.Runtime.Tasks;

        namespace Shop;

        public static class Check
        {
            public static async Task<string> RunAsync()
            {
                var registry = new TaskHandlerRegistry();
                Orders.Notify.RegisterHandlers(registry, new OrderHandlers());
                Refunds.Notify.RegisterHandlers(registry, new RefundHandlers());
                var api = new LocalStepFunctions(new StepFunctionsOptions { Execution = new ExecutionOptions { TaskHandlers = registry } });
                var orders = await Orders.Notify.CreateStateMachineAsync(api, "OrdersNotify", "arn:aws:iam::123456789012:role/r");
                var refunds = await Refunds.Notify.CreateStateMachineAsync(api, "RefundsNotify", "arn:aws:iam::123456789012:role/r");
                return await OutputAsync(api, orders.StateMachineArn) + " " + await OutputAsync(api, refunds.StateMachineArn);
            }

            private static async Task<string> OutputAsync(LocalStepFunctions api, string machine)
            {
                var arn = (await api.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machine, Input = "{}" })).ExecutionArn;
                await api.WaitForExecutionAsync(arn);
                return (await api.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = arn })).Output ?? "none";
            }
        }

        internal sealed class OrderHandlers : Orders.Notify.IHandlers
        {
            public ValueTask<JsonValue> SendMessageAsync(JsonValue input, CancellationToken cancellationToken) => new("orders");
        }

        internal sealed class RefundHandlers : Refunds.Notify.IHandlers
        {
            public ValueTask<JsonValue> SendMessageAsync(JsonValue input, CancellationToken cancellationToken) => new("refunds");
        }
        """;

    [Fact]
    public async Task Two_classes_calling_the_same_resource_each_reach_their_own_handlers()
    {
        var driver = GeneratorHarness.CreateDriver([
            GeneratorHarness.File("Orders/Notify.asl.json", Notify.Replace("%NAME%", "orders", StringComparison.Ordinal)),
            GeneratorHarness.File("Refunds/Notify.asl.json", Notify.Replace("%NAME%", "refunds", StringComparison.Ordinal)),
        ]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, User));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var (check, context) = GeneratorHarness.LoadType(output, "Shop.Check", "SharedResource");

        // CreateStateMachineAsync registers each compiled class with the API before it creates the state machine.
        var run = (Task<string>)check.GetMethod("RunAsync")!.Invoke(null, null)!;

        Assert.Equal("\"orders\" \"refunds\"", await run.WaitAsync(TimeSpan.FromSeconds(30)));
        context.Unload();
    }

    [Fact]
    public async Task Two_classes_with_the_same_definition_cannot_both_register_their_handlers()
    {
        // The same text, so the same DefinitionHash and one registration for both: the second class's handlers would
        // silently answer the first's executions too (a consumer trial's Billing ran Refunds' code). It is refused,
        // naming both classes; a class registering again replaces its own, as before.
        var driver = GeneratorHarness.CreateDriver([
            GeneratorHarness.File("Orders/Notify.asl.json", Notify.Replace("%NAME%", "same", StringComparison.Ordinal)),
            GeneratorHarness.File("Refunds/Notify.asl.json", Notify.Replace("%NAME%", "same", StringComparison.Ordinal)),
        ]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, User.Replace(
            "Orders.Notify.RegisterHandlers(registry, new OrderHandlers());",
            "Orders.Notify.RegisterHandlers(registry, new OrderHandlers());\n                Orders.Notify.RegisterHandlers(registry, new OrderHandlers());",
            StringComparison.Ordinal)));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var (check, context) = GeneratorHarness.LoadType(output, "Shop.Check", "SameDefinition");

        var run = (Task<string>)check.GetMethod("RunAsync")!.Invoke(null, null)!;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.StartsWith("The generated classes 'Shop.Orders.Notify' and 'Shop.Refunds.Notify' have the same definition (DefinitionHash ", error.Message, StringComparison.Ordinal);
        Assert.Contains("Make the definitions differ (a different Comment is enough)", error.Message, StringComparison.Ordinal);
        context.Unload();
    }
}
