using AslCompiler.Hosting;
using AslCompiler.Runtime.Api;
using TaskFailedException = AslCompiler.Runtime.Execution.TaskFailedException;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

// dotnet run --project samples/HostingSample                                   (in memory)
// dotnet run --project samples/HostingSample -- --AslCompiler:StorePath=orders.db  (kept in a SQLite file: stop it with
//   Ctrl-C during the Wait and run it again; the execution resumes where it was instead of starting over)
var builder = Host.CreateApplicationBuilder(args);
builder.Services.Configure<AslCompilerOptions>(builder.Configuration.GetSection("AslCompiler"));
builder.Services.AddSingleton<Inventory>();
builder.Services
    .AddAslCompiler() // the options come from configuration (the section above): code given here would override them
    .AddTaskHandler<CheckOrderHandler>("arn:aws:lambda:us-east-1:123456789012:function:CheckOrder")
    .AddActivityWorker<ApprovalWorker>("arn:aws:states:us-east-1:123456789012:activity:ApproveOrder", worker =>
    {
        worker.WorkerName = "approvals-desk";
        worker.HeartbeatInterval = TimeSpan.FromSeconds(10);
    });
builder.Services.AddHostedService<OrderDemo>();

await builder.Build().RunAsync();

/// <summary>A singleton the task handler depends on.</summary>
internal sealed class Inventory
{
    private readonly HashSet<string> _outOfStock = new(StringComparer.Ordinal) { "unobtainium" };

    public bool InStock(string item) => !_outOfStock.Contains(item);
}

/// <summary>The Lambda-style task: resolved from DI in a new scope per invocation.</summary>
internal sealed class CheckOrderHandler(Inventory inventory, ILogger<CheckOrderHandler> logger) : ITaskHandler
{
    public ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation)
    {
        var item = invocation.Input["item"].GetString();
        SampleLog.Checking(logger, item, invocation.IdempotencyKey);
        if (!inventory.InStock(item))
        {
            throw new TaskFailedException("Inventory.OutOfStock", item + " is out of stock");
        }

        return ValueTask.FromResult<JsonValue>(JsonValue.Parse("""{"inStock":true}"""));
    }
}

/// <summary>The activity: a background service polls GetActivityTask and hands each task to this worker.</summary>
internal sealed class ApprovalWorker(ILogger<ApprovalWorker> logger) : IActivityWorker
{
    public async ValueTask<JsonValue> ExecuteAsync(ActivityWorkItem task, CancellationToken cancellationToken)
    {
        var order = task.Input["orderId"].GetString();
        SampleLog.Approving(logger, order);
        await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        return JsonValue.Parse("""{"by":"approvals-desk","approved":true}""");
    }
}

/// <summary>Creates the state machine (once), starts an order unless one is already running, prints the result, stops.</summary>
internal sealed class OrderDemo(IStepFunctions stepFunctions, IHostApplicationLifetime lifetime, ILogger<OrderDemo> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var definition = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "order-fulfilment.asl.json"), stoppingToken);
        // Create, or after a restart over a store with a changed definition, update (CreateStateMachine alone would then
        // fail with StateMachineAlreadyExists); executions already running keep the definition they started with.
        var machineArn = await stepFunctions.CreateOrUpdateStateMachineAsync(
            new CreateStateMachineRequest
            {
                Name = "OrderFulfilment",
                Definition = definition,
                RoleArn = "arn:aws:iam::123456789012:role/StatesExecutionRole",
                LoggingConfiguration = new LoggingConfiguration
                {
                    Level = AslCompiler.Runtime.Api.LogLevel.All,
                    IncludeExecutionData = true,
                    Destinations = [new LogDestination { CloudWatchLogsLogGroup = new CloudWatchLogsLogGroup { LogGroupArn = "arn:aws:logs:us-east-1:123456789012:log-group:orders:*" } }],
                },
                TracingConfiguration = new TracingConfiguration { Enabled = true },
            },
            stoppingToken);

        // After a restart over a store the order from last time is still RUNNING (resumed by the scheduler): wait for it.
        var running = await stepFunctions.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = machineArn, StatusFilter = ExecutionStatus.Running }, stoppingToken);
        var executionArn = (running.Executions.Count > 0 ? running.Executions[0].ExecutionArn : null)
            ?? (await stepFunctions.StartExecutionAsync(
                new StartExecutionRequest { StateMachineArn = machineArn, Input = """{"orderId":"o-1001","item":"teapot"}""" },
                stoppingToken)).ExecutionArn;

        DescribeExecutionResponse described;
        do
        {
            await Task.Delay(100, stoppingToken);
            described = await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn }, stoppingToken);
        }
        while (described.Status == ExecutionStatus.Running);

        var result = described.Output ?? described.Error ?? string.Empty;
        SampleLog.Ended(logger, executionArn, described.Status, result);
        lifetime.StopApplication();
    }
}

/// <summary>The sample's own log messages, source-generated.</summary>
internal static partial class SampleLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Checking {Item} (idempotency key {Key})")]
    public static partial void Checking(ILogger logger, string item, string key);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Approving order {Order}")]
    public static partial void Approving(ILogger logger, string order);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Execution} ended {Status}: {Result}")]
    public static partial void Ended(ILogger logger, string execution, ExecutionStatus status, string result);
}
