using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>
/// Step Functions Local mocks (MockConfigFile) give a task the result and the events its resource's pattern gives on AWS
/// (the localstack corpus's mock-config cases, replayed through the CLI in RunCorpusCliTests, hold the recordings).
/// </summary>
public sealed class MockedTaskTests
{
    private const string InvokeResponse = """{"StatusCode":200,"Payload":{"body":"string body"}}""";

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:111111111111:function:f", InvokeResponse, """{"body":"string body"}""")] // the function's output
    [InlineData("arn:aws:lambda:us-east-1:111111111111:function:f:live", """{"StatusCode":200,"Payload":[1,2]}""", "[1,2]")]
    [InlineData("arn:aws:lambda:us-east-1:111111111111:function:f", """{"body":"no invoke shape"}""", """{"body":"no invoke shape"}""")] // taken as it is
    [InlineData("arn:aws:states:::lambda:invoke", InvokeResponse, InvokeResponse)] // the integration returns Invoke's response
    [InlineData("arn:aws:states:::sns:publish", """{"Payload":1}""", """{"Payload":1}""")]
    public async Task A_mocked_return_is_the_result_the_resource_gives(string resource, string returned, string expected)
    {
        var result = await RunAsync(resource, """{"0":{"Return":""" + returned + "}}");
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse(expected), result.Output);
    }

    [Theory]
    [InlineData("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Return", "TaskSucceeded")]
    [InlineData("arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Throw", "TaskFailed")] // the callback failed, after the submission
    [InlineData("arn:aws:states:::states:startExecution.sync", "Return", "TaskSucceeded")]
    [InlineData("arn:aws:states:::states:startExecution.sync:2", "Throw", "TaskFailed")]
    [InlineData("arn:aws:states:::ecs:runTask.sync", "Return", "TaskSucceeded")]
    public async Task A_mocked_callback_or_job_is_submitted_before_its_answer(string resource, string kind, string outcome)
    {
        var entry = kind == "Return" ? """{"0":{"Return":{"done":true}}}""" : """{"0":{"Throw":{"Error":"Failed","Cause":"no"}}}""";
        var result = await RunAsync(resource, entry);
        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSubmitted", outcome],
            result.History!.Events.Take(6).Select(e => e.Type));
    }

    [Theory]
    [InlineData("arn:aws:states:::sqs:sendMessage.waitForTaskToken", """{"Error":null,"Cause":null}""")] // as SendTaskFailure without an error
    [InlineData("arn:aws:states:::sqs:sendMessage", """{"Error":"States.TaskFailed","Cause":null}""")]
    [InlineData("arn:aws:lambda:us-east-1:111111111111:function:f", """{"Error":"States.TaskFailed","Cause":null}""")]
    public async Task A_mocked_throw_without_an_error_is_a_callback_failure_without_one_or_else_States_TaskFailed(string resource, string caught)
    {
        var result = await RunAsync(resource, """{"0":{"Throw":{}}}""", catchAll: true);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(JsonValue.Parse(caught), result.Output);
    }

    [Theory]
    [InlineData("arn:aws:states:::sqs:sendMessage")]
    [InlineData("arn:aws:states:::states:startExecution")]
    public async Task A_mocked_request_response_task_is_not_submitted(string resource)
    {
        var result = await RunAsync(resource, """{"0":{"Return":{"done":true}}}""");
        Assert.Equal(
            ["ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"],
            result.History!.Events.Select(e => e.Type));
    }

    private static async Task<ExecutionResult> RunAsync(string resource, string response, bool catchAll = false)
    {
        var parameters = resource.EndsWith(".waitForTaskToken", StringComparison.Ordinal) ? """{"QueueUrl":"q","MessageBody":{"t.$":"$$.Task.Token"}}""" : """{"x":1}""";
        var catcher = catchAll ? """ "Catch":[{"ErrorEquals":["States.ALL"],"Next":"Caught"}],""" : string.Empty;
        var definition = """{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"RESOURCE","Parameters":PARAMETERS,CATCH"End":true},"Caught":{"Type":"Pass","End":true}}}"""
            .Replace("RESOURCE", resource, StringComparison.Ordinal).Replace("PARAMETERS", parameters, StringComparison.Ordinal).Replace("CATCH", catcher, StringComparison.Ordinal);
        var mocks = MockConfiguration.Parse(JsonValue.Parse("""{"StateMachines":{"M":{"TestCases":{"C":{"T":"R"}}}},"MockedResponses":{"R":""" + response + "}}"))
            .GetTestCase("M", "C");
        var kernel = new ExecutionKernel(new ExecutionOptions { Mocks = mocks });
        return await kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.Parse("{}"), new ExecutionRequest { RecordHistory = true });
    }
}
