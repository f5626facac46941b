using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>State machines and waits for the execution-side tests.</summary>
internal static class ExecutionFixture
{
    public const string ResultDefinition = """{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":1},"ResultPath":"$.r","End":true}}}""";
    public const string FailDefinition = """{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom","Cause":"bad thing"}}}""";

    // One hour on a clock nobody advances: the execution stays RUNNING until stopped.
    public const string WaitDefinition = """{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":3600,"End":true}}}""";

    public static LocalStepFunctions Create(TimeProvider? time = null, bool inspectExpress = false) => new(new StepFunctionsOptions
    {
        AccountId = "111111111111",
        Region = "us-east-1",
        TimeProvider = time ?? new VirtualTimeProvider(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        InspectExpressExecutions = inspectExpress,
    });

    public static string ActivityDefinition(string activityArn) =>
        "{\"StartAt\":\"T\",\"States\":{\"T\":{\"Type\":\"Task\",\"Resource\":\"" + activityArn + "\",\"HeartbeatSeconds\":600,\"End\":true}}}";

    public static async Task<string> StartAsync(this LocalStepFunctions sfn, string machineArn, string? name = null, string? input = null) =>
        (await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machineArn, Name = name, Input = input })).ExecutionArn;

    /// <summary>Waits (in real time, at most 10 s) until something has armed a timer on <paramref name="time"/>.</summary>
    public static async Task WaitForTimerAsync(this VirtualTimeProvider time)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (time.PendingTimerCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(2);
        }
    }

    /// <summary>Waits (in real time, bounded) until the execution is no longer RUNNING.</summary>
    public static async Task<DescribeExecutionResponse> WaitAsync(this LocalStepFunctions sfn, string executionArn)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = executionArn });
            if (described.Status != ExecutionStatus.Running || DateTime.UtcNow > deadline)
            {
                return described;
            }

            await Task.Delay(2);
        }
    }
}
