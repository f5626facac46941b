using AslCompiler.Runtime.Api;
using TaskFailedException = AslCompiler.Runtime.Execution.TaskFailedException;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace AslCompiler.Hosting.Tests;

public class TaskHandlerTests
{
    /// <summary>A scoped service: one instance per task invocation.</summary>
    private sealed class InvocationScope
    {
        private static int s_next;

        public int Number { get; } = Interlocked.Increment(ref s_next);
    }

    private sealed class Greetings
    {
        public string Greeting { get; init; } = "Hello";
    }

    private sealed class GreetHandler(Greetings greetings, InvocationScope scope, ScopeLog log) : ITaskHandler
    {
        public ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation)
        {
            log.Scopes.Add(scope.Number);
            var name = invocation.Input["name"].GetString();
            return ValueTask.FromResult<JsonValue>(greetings.Greeting + ", " + name);
        }
    }

    private sealed class ScopeLog
    {
        public System.Collections.Concurrent.ConcurrentBag<int> Scopes { get; } = [];
    }

    private sealed class FailingHandler : ITaskHandler
    {
        public ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation) => throw new TaskFailedException("Greeting.Refused", "not today");
    }

    /// <summary>The shape of a generated class's handlers: an interface and a static RegisterHandlers.</summary>
    public interface IGreeterHandlers
    {
        ValueTask<JsonValue> GreetAsync(JsonValue input, CancellationToken cancellationToken);
    }

    private static void RegisterGreeterHandlers(TaskHandlerRegistry registry, IGreeterHandlers handlers) =>
        registry.Register(Workflows.GreetArn, invocation => handlers.GreetAsync(invocation.Input, invocation.CancellationToken));

    private sealed class GreeterHandlers(Greetings greetings) : IGreeterHandlers
    {
        public ValueTask<JsonValue> GreetAsync(JsonValue input, CancellationToken cancellationToken) =>
            ValueTask.FromResult<JsonValue>(greetings.Greeting + ", " + input["name"].GetString());
    }

    /// <summary>The generated overload that takes a scope: each call runs on the handlers the scope makes for it.</summary>
    private static void RegisterGreeterHandlers(TaskHandlerRegistry registry, ITaskHandlerScope<IGreeterHandlers> scope) =>
        registry.Register(Workflows.GreetArn, invocation => scope.InvokeAsync(invocation, static (handlers, call) => handlers.GreetAsync(call.Input, call.CancellationToken)));

    /// <summary>Handlers with a scoped dependency, which notes each instance's scope and whether it was disposed.</summary>
    private sealed class ScopedGreeterHandlers(Greetings greetings, InvocationScope scope, ScopeLog log, DisposalLog disposals) : IGreeterHandlers, IDisposable
    {
        public ValueTask<JsonValue> GreetAsync(JsonValue input, CancellationToken cancellationToken)
        {
            log.Scopes.Add(scope.Number);
            return ValueTask.FromResult<JsonValue>(greetings.Greeting + ", " + input["name"].GetString() + " #" + disposals.Disposed);
        }

        public void Dispose() => disposals.Disposed++;
    }

    private sealed class DisposalLog
    {
        public int Disposed { get; set; }
    }

    /// <summary>A started host whose greeting task runs on ScopedGreeterHandlers, a new one per call (Greetings registered unless null).</summary>
    private static async Task<Microsoft.Extensions.Hosting.IHost> StartScopedGreeterHostAsync(Greetings? greetings)
    {
        var builder = TestHosts.Builder();
        if (greetings is not null)
        {
            builder.Services.AddSingleton(greetings);
        }

        builder.Services.AddScoped<InvocationScope>();
        builder.Services.AddSingleton<ScopeLog>();
        builder.Services.AddSingleton<DisposalLog>();
        builder.Services.AddAslCompiler().AddScopedTaskHandlers<ScopedGreeterHandlers>(RegisterGreeterHandlers);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>Runs the greeting task once on a host <paramref name="configure"/> set up; the execution and the (stopped) host.</summary>
    private static async Task<(DescribeExecutionResponse Done, Microsoft.Extensions.Hosting.IHost Host)> GreetOnceAsync(Greetings greetings, Action<AslCompilerBuilder> configure)
    {
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton(greetings);
        configure(builder.Services.AddAslCompiler());
        var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();
        var arn = await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn));
        var done = await Workflows.RunAsync(stepFunctions, arn, """{"name":"Ada"}""");
        await host.StopAsync();
        return (done, host);
    }

    [Fact]
    public async Task A_generated_class_handlers_come_from_DI_with_their_dependencies()
    {
        var (done, host) = await GreetOnceAsync(new Greetings { Greeting = "Hej" }, aslCompiler => aslCompiler.AddTaskHandlers<GreeterHandlers>(RegisterGreeterHandlers));
        using var stopped = host;

        Assert.Equal(ExecutionStatus.Succeeded, done.Status);
        Assert.Equal("\"Hej, Ada\"", done.Output);
        Assert.Same(host.Services.GetRequiredService<GreeterHandlers>(), host.Services.GetRequiredService<GreeterHandlers>());
    }

    [Fact]
    public async Task Scoped_generated_class_handlers_come_from_a_new_scope_per_call_and_are_disposed_after_it()
    {
        using var host = await StartScopedGreeterHostAsync(new Greetings { Greeting = "Hola" });
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var arn = await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn));
        var first = await Workflows.RunAsync(stepFunctions, arn, """{"name":"Ada"}""");
        var second = await Workflows.RunAsync(stepFunctions, arn, """{"name":"Alan"}""");

        // Each call saw the instances before it disposed: a new instance per call, with its own scoped dependency.
        Assert.Equal("\"Hola, Ada #0\"", first.Output);
        Assert.Equal("\"Hola, Alan #1\"", second.Output);
        Assert.Equal(2, host.Services.GetRequiredService<DisposalLog>().Disposed);
        Assert.Equal(2, host.Services.GetRequiredService<ScopeLog>().Scopes.Distinct().Count());
        await host.StopAsync();
    }

    [Fact]
    public async Task Scoped_generated_class_handlers_the_container_cannot_make_fail_the_task()
    {
        // Greetings is not registered: the handlers cannot be made for the call, which fails the task (and is logged).
        using var host = await StartScopedGreeterHostAsync(greetings: null);
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn)), """{"name":"Ada"}""");

        // Its own error, not the container's InvalidOperationException, which a Catch of the handler's failures would take.
        Assert.Equal(ExecutionStatus.Failed, done.Status);
        Assert.Equal(nameof(TaskHandlerUnavailableException), done.Error);
        Assert.Contains("The task handler 'ScopedGreeterHandlers' could not be made for this call: ", done.Cause, StringComparison.Ordinal);
        Assert.Contains(nameof(Greetings), done.Cause, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Theory]
    [InlineData(true, "registered as a singleton")]
    [InlineData(false, "registered as scoped")]
    public async Task One_handlers_class_given_both_lifetimes_stops_the_start_naming_the_conflict(bool singletonFirst, string said)
    {
        // Before, the first registration silently won: a "scoped" class served every call from one instance, or a
        // singleton set held a scoped DbContext for the host's life (a hosting trial's orders failed in EF Core).
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton(new Greetings());
        builder.Services.AddScoped<InvocationScope>();
        builder.Services.AddSingleton<ScopeLog>();
        builder.Services.AddSingleton<DisposalLog>();
        var aslCompiler = builder.Services.AddAslCompiler();
        if (singletonFirst)
        {
            aslCompiler.AddTaskHandlers<ScopedGreeterHandlers>(RegisterGreeterHandlers).AddScopedTaskHandlers<ScopedGreeterHandlers>(RegisterGreeterHandlers);
        }
        else
        {
            aslCompiler.AddScopedTaskHandlers<ScopedGreeterHandlers>(RegisterGreeterHandlers).AddTaskHandlers<ScopedGreeterHandlers>(RegisterGreeterHandlers);
        }

        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("ScopedGreeterHandlers", error.Message, StringComparison.Ordinal);
        Assert.Contains(said, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scoped_handlers_named_by_their_interface_need_its_registration()
    {
        var unregistered = TestHosts.Builder();
        unregistered.Services.AddAslCompiler().AddScopedTaskHandlers<IGreeterHandlers>(RegisterGreeterHandlers);
        using (var host = unregistered.Build())
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
            Assert.StartsWith("AddScopedTaskHandlers<TaskHandlerTests.IGreeterHandlers> names an interface or abstract class that no service is registered for", error.Message, StringComparison.Ordinal);
        }

        var registered = TestHosts.Builder();
        registered.Services.AddSingleton(new Greetings { Greeting = "Ciao" });
        registered.Services.AddScoped<InvocationScope>();
        registered.Services.AddSingleton<ScopeLog>();
        registered.Services.AddSingleton<DisposalLog>();
        registered.Services.AddScoped<IGreeterHandlers, ScopedGreeterHandlers>();
        registered.Services.AddAslCompiler().AddScopedTaskHandlers<IGreeterHandlers>(RegisterGreeterHandlers);
        using var working = registered.Build();
        await working.StartAsync();
        var stepFunctions = working.Services.GetRequiredService<IStepFunctions>();

        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn)), """{"name":"Ada"}""");

        Assert.Equal("\"Ciao, Ada #0\"", done.Output);
        await working.StopAsync();
    }

    [Fact]
    public async Task A_handler_of_its_own_wins_over_a_generated_class_handler_for_its_resource()
    {
        var (done, host) = await GreetOnceAsync(new Greetings(), aslCompiler => aslCompiler
            .AddTaskHandler(Workflows.GreetArn, _ => ValueTask.FromResult<JsonValue>("own"))
            .AddTaskHandlers<GreeterHandlers>(RegisterGreeterHandlers));
        using var stopped = host;

        Assert.Equal("\"own\"", done.Output);
    }

    [Fact]
    public async Task A_typed_handler_is_resolved_from_DI_in_a_new_scope_per_invocation()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddSingleton(new Greetings { Greeting = "Bonjour" });
        builder.Services.AddScoped<InvocationScope>();
        builder.Services.AddSingleton<ScopeLog>();
        builder.Services.AddAslCompiler().AddTaskHandler<GreetHandler>(Workflows.GreetArn);
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var arn = await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn));
        var first = await Workflows.RunAsync(stepFunctions, arn, """{"name":"Ada"}""");
        var second = await Workflows.RunAsync(stepFunctions, arn, """{"name":"Alan"}""");

        Assert.Equal("\"Bonjour, Ada\"", first.Output);
        Assert.Equal("\"Bonjour, Alan\"", second.Output);
        var scopes = host.Services.GetRequiredService<ScopeLog>().Scopes.ToList();
        Assert.Equal(2, scopes.Distinct().Count());
        await host.StopAsync();
    }

    [Fact]
    public async Task A_typed_handler_the_container_cannot_make_fails_the_task_with_its_own_error()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler().AddTaskHandler<GreetHandler>(Workflows.GreetArn); // Greetings and the rest unregistered
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn)), """{"name":"Ada"}""");

        Assert.Equal(ExecutionStatus.Failed, done.Status);
        Assert.Equal(nameof(TaskHandlerUnavailableException), done.Error);
        Assert.Contains("The task handler 'GreetHandler' could not be made for this call: ", done.Cause, StringComparison.Ordinal);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_handler_failure_fails_the_task_with_its_error_and_cause()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler().AddTaskHandler<FailingHandler>(Workflows.GreetArn);
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn)));

        Assert.Equal(ExecutionStatus.Failed, done.Status);
        Assert.Equal("Greeting.Refused", done.Error);
        Assert.Equal("not today", done.Cause);
        await host.StopAsync();
    }

    [Fact]
    public async Task Delegate_handlers_and_prefix_patterns_run()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddScoped<InvocationScope>();
        builder.Services.AddAslCompiler()
            .AddTaskHandler("arn:aws:lambda:us-east-1:123456789012:function:*", invocation => ValueTask.FromResult<JsonValue>("any " + invocation.Resource.Split(':')[^1]))
            .AddTaskHandler("arn:aws:lambda:us-east-1:123456789012:function:Scoped", (services, invocation) =>
                ValueTask.FromResult<JsonValue>(services.GetRequiredService<InvocationScope>().Number > 0));
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var any = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task("arn:aws:lambda:us-east-1:123456789012:function:Other")));
        var scoped = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task("arn:aws:lambda:us-east-1:123456789012:function:Scoped")));

        Assert.Equal("\"any Other\"", any.Output);
        Assert.Equal("true", scoped.Output);
        await host.StopAsync();
    }

    [Fact]
    public async Task The_registry_is_a_service_that_takes_more_handlers_later()
    {
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler();
        using var host = builder.Build();
        await host.StartAsync();
        host.Services.GetRequiredService<TaskHandlerRegistry>().RegisterFunction(Workflows.GreetArn, input => "late " + input["name"].GetString());
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var done = await Workflows.RunAsync(stepFunctions, await Workflows.CreateAsync(stepFunctions, Workflows.Task(Workflows.GreetArn)), """{"name":"Grace"}""");

        Assert.Equal("\"late Grace\"", done.Output);
        await host.StopAsync();
    }
}
