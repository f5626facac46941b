using System.Diagnostics;
using AslCompiler.Runtime.Api;

namespace AslCompiler.Hosting.Tests;

/// <summary>Definitions and helpers shared by the tests: create a state machine, start it, wait for its end, replay its history.</summary>
internal static class Workflows
{
    public const string Role = "arn:aws:iam::123456789012:role/StatesExecutionRole";
    public const string GreetArn = "arn:aws:lambda:us-east-1:123456789012:function:Greet";
    public const string LogGroup = "arn:aws:logs:us-east-1:123456789012:log-group:states:*";

    public const string Pass = """{"StartAt":"P","States":{"P":{"Type":"Pass","Result":{"ok":true},"End":true}}}""";

    public static string Task(string resource) =>
        "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\"" + resource + "\",\"End\":true}}}";

    public const string ParallelOfPasses = """
        {"StartAt":"Fork","States":{
          "Fork":{"Type":"Parallel","Next":"Done","Branches":[
            {"StartAt":"A1","States":{"A1":{"Type":"Pass","Next":"A2"},"A2":{"Type":"Pass","End":true}}},
            {"StartAt":"B1","States":{"B1":{"Type":"Pass","End":true}}}]},
          "Done":{"Type":"Succeed"}}}
        """;

    public const string Fails = """{"StartAt":"Boom","States":{"Boom":{"Type":"Fail","Error":"Custom.Boom","Cause":"on purpose"}}}""";

    private static int s_counter;

    /// <summary>A state machine name no other test uses (metrics and spans are process-wide).</summary>
    public static string UniqueName(string prefix) => prefix + "-" + Interlocked.Increment(ref s_counter) + "-" + Guid.NewGuid().ToString("N")[..8];

    public static LoggingConfiguration Logging(Runtime.Api.LogLevel level, bool includeData) => new()
    {
        Level = level,
        IncludeExecutionData = includeData,
        Destinations = level == Runtime.Api.LogLevel.Off ? [] : [new LogDestination { CloudWatchLogsLogGroup = new CloudWatchLogsLogGroup { LogGroupArn = LogGroup } }],
    };

    public static async Task<string> CreateAsync(IStepFunctions stepFunctions, string definition, string? name = null, LoggingConfiguration? logging = null, bool tracing = false)
    {
        var created = await stepFunctions.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = name ?? UniqueName("sm"),
            Definition = definition,
            RoleArn = Role,
            LoggingConfiguration = logging,
            TracingConfiguration = new TracingConfiguration { Enabled = tracing },
        });
        return created.StateMachineArn;
    }

    public static async Task<DescribeExecutionResponse> RunAsync(IStepFunctions stepFunctions, string stateMachineArn, string input = "{}", string? traceHeader = null)
    {
        var started = await stepFunctions.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = stateMachineArn, Input = input, TraceHeader = traceHeader });
        return await WaitAsync(stepFunctions, started.ExecutionArn);
    }

    public static async Task<DescribeExecutionResponse> WaitAsync(IStepFunctions stepFunctions, string executionArn, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var described = await stepFunctions.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn });
            if (described.Status != ExecutionStatus.Running)
            {
                return described;
            }

            if (clock.Elapsed > (timeout ?? TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException("Execution " + executionArn + " still RUNNING after " + clock.Elapsed);
            }

            await System.Threading.Tasks.Task.Delay(5);
        }
    }

    public static async Task<IReadOnlyList<HistoryEvent>> HistoryAsync(IStepFunctions stepFunctions, string executionArn)
    {
        var history = await stepFunctions.GetExecutionHistoryAsync(new GetExecutionHistoryRequest { ExecutionArn = executionArn, MaxResults = 1000 });
        return history.Events;
    }

    /// <summary>
    /// Runs a definition on a plain LocalStepFunctions, then feeds its real history to <paramref name="observer"/> the
    /// way the engine does (start, every event, end). Returns the observation given.
    /// </summary>
    public static async Task<ExecutionObservation> ReplayAsync(
        IExecutionObserver observer,
        string definition,
        LoggingConfiguration? logging = null,
        bool tracing = false,
        string? traceHeader = null,
        string input = "{}",
        TaskHandlerSetup? handlers = null)
    {
        var registry = new Runtime.Tasks.TaskHandlerRegistry();
        handlers?.Invoke(registry);
        var stepFunctions = new LocalStepFunctions(new StepFunctionsOptions { Execution = new Runtime.Execution.ExecutionOptions { TaskHandlers = registry } });
        var name = UniqueName("replay");
        var arn = await CreateAsync(stepFunctions, definition, name, logging, tracing);
        var done = await RunAsync(stepFunctions, arn, input, traceHeader);
        var observation = new ExecutionObservation
        {
            ExecutionArn = done.ExecutionArn,
            StateMachineArn = arn,
            Name = done.Name!,
            Type = StateMachineType.Standard,
            StartDate = done.StartDate,
            Logging = logging,
            Tracing = new TracingConfiguration { Enabled = tracing },
            TraceHeader = traceHeader,
        };
        observer.ExecutionStarted(observation);
        foreach (var historyEvent in await HistoryAsync(stepFunctions, done.ExecutionArn))
        {
            observer.HistoryEventRecorded(observation, historyEvent);
        }

        observer.ExecutionCompleted(observation, done.Status, done.StopDate ?? done.StartDate);
        return observation;
    }
}

internal delegate void TaskHandlerSetup(Runtime.Tasks.TaskHandlerRegistry registry);
