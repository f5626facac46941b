using AslCompiler.Language.Validation;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using ExecutionStatus = AslCompiler.Runtime.Execution.ExecutionStatus;

namespace AslCompiler.Runtime.Tests;

/// <summary>The examples of docs/testing.md, with the interpreter in place of a generated class.</summary>
public sealed class TestingGuideTests
{
    private static readonly DateTimeOffset Start = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const string Orders = """
        {"StartAt":"Charge","States":{
          "Charge":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"charge","Payload.$":"$"},
            "Retry":[{"ErrorEquals":["Lambda.TooManyRequestsException"],"IntervalSeconds":2}],"ResultSelector":{"chargeId.$":"$.Payload.chargeId"},"ResultPath":"$.charge","Next":"Settle"},
          "Settle":{"Type":"Wait","Seconds":3600,"End":true}}}
        """;

    [Fact]
    public async Task A_virtual_clock_runs_an_hours_Wait_at_once_with_exact_times()
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock });
        var fakes = new TaskHandlerRegistry().Register("charge", async _ =>
        {
            await Task.Delay(50); // a fake that awaits real work: time stays still meanwhile
            return JsonValue.Parse("""{"chargeId":"ch-fake"}""");
        });

        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(Orders), JsonValue.Parse("""{"orderId":"A-1"}"""), null, fakes));

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("ch-fake", result.Output["charge"]["chargeId"].GetString());
        Assert.Equal(Start.AddHours(1), result.StopDate);
        Assert.Equal(clock.GetUtcNow(), result.StopDate);
    }

    [Fact]
    public async Task Through_the_API_a_test_waits_for_the_Wait_to_be_entered_before_moving_time()
    {
        var clock = new VirtualTimeProvider(Start);
        var registry = new TaskHandlerRegistry().Register("charge", _ => ValueTask.FromResult(JsonValue.Parse("""{"chargeId":"ch-fake"}""")));
        var sfn = new LocalStepFunctions(new StepFunctionsOptions { TimeProvider = clock, Execution = new ExecutionOptions { TimeProvider = clock, TaskHandlers = registry } });
        var machineArn = (await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "Orders", Definition = Orders, RoleArn = "arn:aws:iam::123456789012:role/R" })).StateMachineArn;

        var arn = (await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = machineArn, Input = """{"orderId":"A-1"}""" })).ExecutionArn;
        await sfn.WaitForHistoryEventAsync(arn, e => e.StateEnteredEventDetails?.Name == "Settle"); // the Wait is armed
        await VirtualClock.AdvanceAsync(clock, TimeSpan.FromHours(1));
        var done = await sfn.WaitForExecutionAsync(arn).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(AslCompiler.Runtime.Api.ExecutionStatus.Succeeded, done.Status);
        Assert.Equal(Start.AddHours(1), done.StopDate);
    }

    [Fact]
    public async Task A_handler_that_releases_the_clock_times_its_task_out_at_once()
    {
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock });
        kernel.Options.TaskHandlers.Register("arn:aws:lambda:us-east-1:123456789012:function:slow", async invocation =>
        {
            invocation.ReleaseClock();
            await Task.Delay(Timeout.InfiniteTimeSpan, invocation.CancellationToken);
            return JsonValue.Null;
        });

        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(
            """{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:slow","TimeoutSeconds":30,"End":true}}}"""), JsonValue.EmptyObject));

        Assert.Equal("States.Timeout", result.Error);
        Assert.Equal(Start.AddSeconds(30), result.StopDate);
    }

    [Fact]
    public async Task A_mock_file_answers_the_task_and_its_retries()
    {
        const string mocks = """
            {
              "StateMachines": { "Orders": { "TestCases": { "HappyPath": { "Charge": "ChargeOk" } } } },
              "MockedResponses": {
                "ChargeOk": {
                  "0": { "Throw": { "Error": "Lambda.TooManyRequestsException", "Cause": "busy" } },
                  "1-2": { "Return": { "StatusCode": 200, "Payload": { "chargeId": "ch-1" } } }
                }
              }
            }
            """;
        var clock = new VirtualTimeProvider(Start);
        var testCase = MockConfiguration.Parse(mocks).GetTestCase("Orders", "HappyPath");
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, Mocks = testCase });

        var program = AslInterpreter.Compile(Orders);
        Assert.Empty(testCase.StatesNotIn(program)); // every mocked state is one of the definition's

        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(program, JsonValue.Parse("""{"orderId":"A-1"}""")));

        Assert.Equal("ch-1", result.Output["charge"]["chargeId"].GetString());
        Assert.Equal(Start.AddSeconds(2).AddHours(1), result.StopDate); // the retry's 2 s, then the Wait
        var missing = Assert.Throws<FormatException>(() => MockConfiguration.Parse(mocks).GetTestCase("order-processing", "HappyPath"));
        Assert.Contains("it mocks 'Orders'", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_callback_and_an_activity_complete_on_the_kernel()
    {
        const string definition = """
            {"StartAt":"Approve","States":{
              "Approve":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage.waitForTaskToken","Parameters":{"token.$":"$$.Task.Token"},"ResultPath":"$.approval","Next":"Pack"},
              "Pack":{"Type":"Task","Resource":"arn:aws:states:us-east-1:123456789012:activity:pack","HeartbeatSeconds":60,"ResultPath":"$.packed","End":true}}}
            """;
        var clock = new VirtualTimeProvider(Start);
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock });
        var token = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var handlers = new TaskHandlerRegistry().RegisterFunction("arn:aws:states:::sqs:sendMessage.waitForTaskToken", input =>
        {
            token.SetResult(input["token"].GetString());
            return JsonValue.EmptyObject;
        });
        var run = kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, null, handlers).AsTask();

        Assert.True(kernel.SendTaskSuccess(await token.Task.WaitAsync(TimeSpan.FromSeconds(10)), JsonValue.Parse("""{"approved":true}""")));
        var work = await kernel.GetActivityTaskAsync("arn:aws:states:us-east-1:123456789012:activity:pack", "worker-1").AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(kernel.SendTaskHeartbeat(work!.TaskToken));
        Assert.True(kernel.SendTaskSuccess(work.TaskToken, JsonValue.Parse("""{"box":7}""")));
        var result = await VirtualClock.RunAsync(clock, run);

        Assert.Equal(JsonValue.Parse("""{"approval":{"approved":true},"packed":{"box":7}}"""), result.Output);
        Assert.Contains("ActivitySucceeded", result.History!.Events.Select(e => e.Type));
    }

    [Fact]
    public async Task TestState_runs_one_state()
    {
        var api = new LocalStepFunctions();
        var response = await api.TestStateAsync(new TestStateRequest
        {
            Definition = """{"Type":"Pass","Parameters":{"id.$":"$.orderId"},"Next":"Charge"}""",
            Input = """{"orderId":"A-1"}""",
            InspectionLevel = InspectionLevel.Debug,
        });

        Assert.Equal("""{"id":"A-1"}""", response.Output);
        Assert.Equal("Charge", response.NextState);
    }

    [Fact]
    public void A_definition_supplied_at_run_time_is_validated_before_it_is_compiled()
    {
        const string typo = """{"StartAt":"P","States":{"P":{"Type":"Pass","Resutl":1,"End":true}}}""";

        var program = AslInterpreter.Compile(typo); // reads it: Compile does not validate
        var validation = AslValidator.Validate(typo);

        Assert.NotNull(program);
        Assert.Equal(ValidationResultCode.Fail, validation.Result);
        Assert.Contains(validation.Diagnostics, d => d.Message.Contains("Resutl", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_definition_with_placeholders_is_tested_as_deployed()
    {
        const string written = """{"StartAt":"Charge","States":{"Charge":{"Type":"Task","Resource":"${ChargeFunctionArn}","End":true}}}""";
        var api = new LocalStepFunctions(new StepFunctionsOptions
        {
            Execution = new ExecutionOptions { TaskHandlers = new TaskHandlerRegistry().RegisterFunction("arn:aws:lambda:us-east-1:123456789012:function:charge", _ => "charged") },
        });

        Assert.True(Language.Model.DefinitionSubstitutions.TryParse("ChargeFunctionArn=arn:aws:lambda:us-east-1:123456789012:function:charge", out var substitutions, out var problem), problem);
        var deployed = substitutions!.Apply(written).Text;
        var machine = await api.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "Orders", Definition = deployed, RoleArn = "arn:aws:iam::123456789012:role/StatesExecutionRole", Type = AslCompiler.Runtime.Api.StateMachineType.Express });
        var result = await api.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = machine.StateMachineArn });

        Assert.Equal("\"charged\"", result.Output);
    }
}
