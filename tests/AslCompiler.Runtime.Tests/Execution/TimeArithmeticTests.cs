using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>
/// Times and durations a definition gives, past what validation lets through: the interpreter compiles a definition
/// without validating it (and <c>asl run</c> runs one it warns about), and a value read from the input or from JSONata is
/// not validated at all. Each of these threw out of <c>RunAsync</c> (NaN, overflowed or unrepresentable times, found by
/// fuzzing the CLI); now each execution ends with a status, and a value out of range is the state's failure naming it.
/// </summary>
public class TimeArithmeticTests
{
    private static async Task<ExecutionResult> RunAsync(string definition, string input = "{}", TimeSpan? maxStandardDuration = null)
    {
        var clock = new VirtualTimeProvider();
        var handlers = new TaskHandlerRegistry().Register("*", _ => new ValueTask<JsonValue>(JsonValue.Parse("{\"ok\":true}")));
        var kernel = new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = clock,
            TaskHandlers = handlers,
            Random = new Random(1),
            MaxStandardDuration = maxStandardDuration ?? TimeSpan.FromDays(365),
        });
        return await VirtualClock.RunAsync(
            clock,
            Task.Run(() => kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse(input), new ExecutionRequest { Name = "times" }).AsTask()),
            TimeSpan.FromSeconds(5));
    }

    private static string RetriedFailure(string retrier) =>
        """{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E","Cause":"c"}}}],"Retry":[RETRIER],"End":true}}}"""
            .Replace("RETRIER", retrier, StringComparison.Ordinal);

    [Theory]
    [InlineData("""{"ErrorEquals":["States.ALL"],"IntervalSeconds":0,"MaxAttempts":45,"BackoffRate":10000000000}""", ExecutionStatus.Failed)] // 0 × ∞: NaN
    [InlineData("""{"ErrorEquals":["States.ALL"],"IntervalSeconds":-1,"MaxAttempts":3,"BackoffRate":1000000}""", ExecutionStatus.Failed)] // -1e12 s
    [InlineData("""{"ErrorEquals":["States.ALL"],"IntervalSeconds":-99999999999}""", ExecutionStatus.Failed)] // before the first time there is
    [InlineData("""{"ErrorEquals":["States.ALL"],"MaxDelaySeconds":-99999999999,"MaxAttempts":2}""", ExecutionStatus.Failed)]
    // The third wait, 1 × (-1e11)², and any past 99999999 s, are the longest wait: past the year an execution may run.
    [InlineData("""{"ErrorEquals":["States.ALL"],"BackoffRate":-99999999999,"MaxAttempts":3}""", ExecutionStatus.TimedOut)]
    [InlineData("""{"ErrorEquals":["States.ALL"],"IntervalSeconds":99999999,"BackoffRate":1e300,"MaxAttempts":3,"JitterStrategy":"FULL"}""", ExecutionStatus.TimedOut)]
    public async Task Retry_waits_out_of_range_are_kept_within_it(string retrier, ExecutionStatus expected)
    {
        var result = await RunAsync(RetriedFailure(retrier));

        Assert.Equal(expected, result.Status);
        if (expected == ExecutionStatus.Failed)
        {
            Assert.Equal(("E", "c"), (result.Error, result.Cause));
        }
    }

    [Fact]
    public void A_retry_wait_is_from_0_to_99999999_seconds()
    {
        Assert.Equal(TimeSpan.Zero, ExecutionRun.RetryDelay(new RetryPolicy(["States.ALL"], IntervalSeconds: 0, MaxAttempts: 45, BackoffRate: 1e10), 44, new Random(1)));
        Assert.Equal(TimeSpan.Zero, ExecutionRun.RetryDelay(new RetryPolicy(["States.ALL"], IntervalSeconds: -5), 0, new Random(1)));
        Assert.Equal(TimeSpan.FromSeconds(99_999_999), ExecutionRun.RetryDelay(new RetryPolicy(["States.ALL"], IntervalSeconds: 2, BackoffRate: 1e300), 2, new Random(1)));
        Assert.Equal(TimeSpan.FromSeconds(8), ExecutionRun.RetryDelay(new RetryPolicy(["States.ALL"], IntervalSeconds: 2, BackoffRate: 2), 2, new Random(1)));
    }

    [Theory]
    [InlineData("TimeoutSecondsPath", "States.Runtime", "The TimeoutSeconds value 1000000000000 is more than 99999999, the most a definition may give.")]
    [InlineData("HeartbeatSecondsPath", "States.Runtime", "The HeartbeatSeconds value 1000000000000 is more than 99999999, the most a definition may give.")]
    public async Task A_task_timeout_from_the_input_past_99999999_fails_the_state(string field, string error, string cause)
    {
        var definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"FIELD":"$.s","End":true}}}"""
            .Replace("FIELD", field, StringComparison.Ordinal);

        var result = await RunAsync(definition, "{\"s\":1000000000000}");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal(error, result.Error);
        Assert.Contains(cause, result.Cause, StringComparison.Ordinal);

        // 99999999 itself is in range: the task runs.
        Assert.Equal(ExecutionStatus.Succeeded, (await RunAsync(definition, "{\"s\":99999999}")).Status);
    }

    [Theory]
    [InlineData("TimeoutSeconds")]
    [InlineData("HeartbeatSeconds")]
    public async Task A_JSONata_task_timeout_past_99999999_is_a_query_evaluation_error(string field)
    {
        var definition = """{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Arguments":{"FunctionName":"f"},"FIELD":"{% $states.input.s %}","End":true}}}"""
            .Replace("FIELD", field, StringComparison.Ordinal);

        var result = await RunAsync(definition, "{\"s\":1000000000000}");
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("States.QueryEvaluationError", result.Error);
        Assert.Contains("The " + field + " value 1000000000000 is more than 99999999", result.Cause, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1000000000000", ExecutionStatus.Succeeded)] // past the maximum: the maximum
    [InlineData("9223372036854775807", ExecutionStatus.Succeeded)]
    [InlineData("-99999999999", ExecutionStatus.TimedOut)] // below 1: timed out at once
    [InlineData("-9223372036854775808", ExecutionStatus.TimedOut)]
    public async Task A_machine_TimeoutSeconds_out_of_range_ends_the_execution_with_a_status(string timeout, ExecutionStatus expected)
    {
        var result = await RunAsync("{\"TimeoutSeconds\":" + timeout + ",\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":5,\"End\":true}}}");

        Assert.Equal(expected, result.Status);
    }

    [Fact]
    public async Task A_time_limit_of_TimeSpan_MaxValue_is_no_limit()
    {
        var result = await RunAsync("""{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":86400,"End":true}}}""", maxStandardDuration: TimeSpan.MaxValue);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
    }
}
