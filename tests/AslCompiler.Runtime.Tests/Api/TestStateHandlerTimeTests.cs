using System.Diagnostics;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Api;

/// <summary>
/// TestState calls a registered handler on the API's clock: a handler doing real work gets its time (it used to run on a
/// virtual clock that jumped to TestState's five-minute limit while the handler awaited, failing the test with no error).
/// </summary>
public sealed class TestStateHandlerTimeTests
{
    private const string Resource = "arn:aws:lambda:us-east-1:111111111111:function:slow";

    private static LocalStepFunctions Create(TaskHandler handler, TimeProvider? time = null)
    {
        var handlers = new TaskHandlerRegistry();
        handlers.Register(Resource, handler);
        return new LocalStepFunctions(new StepFunctionsOptions
        {
            AccountId = "111111111111",
            Region = "us-east-1",
            TimeProvider = time ?? TimeProvider.System,
            Execution = new ExecutionOptions { TaskHandlers = handlers },
        });
    }

    private static TestStateRequest Request(string extra = "") => new()
    {
        Definition = "{\"Type\":\"Task\",\"Resource\":\"" + Resource + "\"" + extra + ",\"ResultPath\":\"$.r\",\"End\":true}",
        Input = """{"id":7}""",
        RoleArn = "arn:aws:iam::123456789012:role/test", // a Task without a mock is tested only with a role
    };

    [Fact]
    public async Task A_handler_that_awaits_real_work_gets_its_answer_through()
    {
        var sfn = Create(async invocation =>
        {
            await Task.Delay(200, invocation.CancellationToken);
            return JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("echo", invocation.Input["id"]));
        });
        var watch = Stopwatch.StartNew();
        var response = await sfn.TestStateAsync(Request());
        Assert.True(response.Status == TestExecutionStatus.Succeeded, response.Status + " " + response.Error + " " + response.Cause);
        Assert.Equal("""{"id":7,"r":{"echo":7}}""", response.Output);
        Assert.True(watch.ElapsedMilliseconds >= 190, watch.ElapsedMilliseconds + " ms");
    }

    [Fact]
    public async Task The_states_TimeoutSeconds_bounds_the_handler()
    {
        var sfn = Create(async invocation =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), invocation.CancellationToken);
            return JsonValue.EmptyObject;
        });
        var watch = Stopwatch.StartNew();
        var response = await sfn.TestStateAsync(Request(",\"TimeoutSeconds\":1"));
        Assert.Equal(TestExecutionStatus.Failed, response.Status);
        Assert.Equal("States.Timeout", response.Error);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 20);
    }

    [Fact]
    public async Task A_handler_past_TestStates_five_minutes_fails_it_with_States_Timeout()
    {
        var clock = new VirtualTimeProvider();
        var sfn = Create(async invocation =>
        {
            invocation.ReleaseClock();
            await Task.Delay(Timeout.Infinite, invocation.CancellationToken);
            return JsonValue.EmptyObject;
        }, clock);
        var test = sfn.TestStateAsync(Request());
        await clock.WaitForTimerAsync();
        clock.Advance(TimeSpan.FromMinutes(4));
        await Task.Delay(50);
        Assert.False(test.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        var response = await test.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(TestExecutionStatus.Failed, response.Status);
        Assert.Equal("States.Timeout", response.Error);
    }
}
