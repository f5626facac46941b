using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>
/// Handlers registered for one definition (<see cref="TaskHandlerRegistry.ForDefinition"/>, where a generated class's
/// RegisterHandlers puts its own) are that definition's: two definitions calling the same resource each reach their
/// own, a registration on the registry itself made later wins for both, and a definition without registrations of its
/// own uses one definition's handler only when no other definition has one.
/// </summary>
public sealed class DefinitionHandlerTests
{
    private const string Send = "arn:aws:states:::sqs:sendMessage";

    private static readonly StateMachineProgram Interpreted = AslInterpreter.Compile(
        """{"StartAt":"Send","States":{"Send":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"q","MessageBody":"m"},"End":true}}}""");

    private static readonly StateMachineProgram Orders = Scoped("orders-hash");
    private static readonly StateMachineProgram Refunds = Scoped("refunds-hash");

    [Fact]
    public async Task Two_definitions_calling_the_same_resource_each_reach_their_own_handler()
    {
        var registry = new TaskHandlerRegistry();
        registry.ForDefinition("orders-hash").RegisterFunction(Send, _ => "orders");
        registry.ForDefinition("refunds-hash").RegisterFunction(Send, _ => "refunds");
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry });

        Assert.Equal("orders", (await kernel.RunAsync(Orders, JsonValue.EmptyObject)).Output.GetString());
        Assert.Equal("refunds", (await kernel.RunAsync(Refunds, JsonValue.EmptyObject)).Output.GetString());

        // Another definition cannot tell which to call: the task fails, naming both.
        var other = await kernel.RunAsync(Interpreted, JsonValue.EmptyObject);
        Assert.Equal(ExecutionStatus.Failed, other.Status);
        Assert.Equal("States.TaskFailed", other.Error);
        Assert.Contains("has handlers registered for 2 definitions (orders-hash, refunds-hash)", other.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_later_registration_on_the_registry_itself_wins_and_one_definitions_handler_serves_the_others()
    {
        var registry = new TaskHandlerRegistry();
        registry.ForDefinition("orders-hash").RegisterFunction(Send, _ => "orders");
        var kernel = new ExecutionKernel(new ExecutionOptions { TaskHandlers = registry });

        // Registered for one definition alone: an execution of another definition (the interpreter's) uses it.
        Assert.Equal("orders", (await kernel.RunAsync(Interpreted, JsonValue.EmptyObject)).Output.GetString());
        Assert.Equal("orders", (await kernel.RunAsync(Refunds, JsonValue.EmptyObject)).Output.GetString());

        registry.RegisterFunction(Send, _ => "shared");
        Assert.Equal("shared", (await kernel.RunAsync(Orders, JsonValue.EmptyObject)).Output.GetString());
        Assert.Equal("shared", (await kernel.RunAsync(Interpreted, JsonValue.EmptyObject)).Output.GetString());

        // Registered for the definition again, after: its own wins for it, the shared one for the others.
        registry.ForDefinition("orders-hash").RegisterFunction(Send, _ => "orders again");
        Assert.Equal("orders again", (await kernel.RunAsync(Orders, JsonValue.EmptyObject)).Output.GetString());
        Assert.Equal("shared", (await kernel.RunAsync(Refunds, JsonValue.EmptyObject)).Output.GetString());
    }

    [Fact]
    public void A_definitions_registry_is_one_per_hash_and_has_none_of_its_own()
    {
        var registry = new TaskHandlerRegistry();
        var orders = registry.ForDefinition("orders-hash");

        Assert.Same(orders, registry.ForDefinition("orders-hash"));
        Assert.NotSame(orders, registry.ForDefinition("refunds-hash"));
        Assert.Throws<InvalidOperationException>(() => orders.ForDefinition("x"));
        Assert.Throws<ArgumentException>(() => registry.ForDefinition(string.Empty));
    }

    private static StateMachineProgram Scoped(string hash) =>
        new(Interpreted.Root, Interpreted.TimeoutSeconds, Interpreted.QueryLanguage, Interpreted.DefinitionText) { HandlerScope = hash };
}
