using System.Runtime.CompilerServices;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Tests.Tasks;

/// <summary>
/// An exception a task handler throws fails the task with the exception's type name. For a Lambda function (a function
/// ARN, or <c>lambda:invoke</c>) the cause is Lambda's JSON error document, as the Lambda .NET runtime reports a function
/// error and Step Functions passes it on (<c>{"errorType","errorMessage","stackTrace","cause"}</c>); for another
/// resource it is the message. Either is at most 32,768 characters, the API's limit on a cause. (A debugging trial's
/// Catch that parsed the cause with States.StringToJson failed here and not on AWS, and lost the stack trace.)
/// </summary>
public sealed class HandlerExceptionTests
{
    private const string Function = "arn:aws:lambda:us-east-1:123456789012:function:bill";

    [Theory]
    [InlineData(Function, "")]
    [InlineData("arn:aws:states:::lambda:invoke", """, "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:bill", "Payload.$": "$"}""")]
    public async Task A_Lambda_functions_exception_is_Lambdas_error_document_with_its_stack_trace_and_inner_exception(string resource, string parameters)
    {
        var definition = """{"StartAt": "Bill", "States": {"Bill": {"Type": "Task", "Resource": """ + "\"" + resource + "\"" + parameters + """, "End": true}}}""";
        var handlers = new TaskHandlerRegistry().Register(Function, _ => Bill());

        var result = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, null, handlers);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("InvalidOperationException", result.Error);
        var cause = JsonValue.Parse(result.Cause!);
        Assert.Equal(["errorType", "errorMessage", "stackTrace", "cause"], cause.GetObject().Select(m => m.Key));
        Assert.Equal("InvalidOperationException", cause["errorType"].GetString());
        Assert.Equal("Billing failed", cause["errorMessage"].GetString());
        Assert.Contains(cause["stackTrace"].GetArray(), frame => frame.GetString().StartsWith("at ", StringComparison.Ordinal) && frame.GetString().Contains(nameof(Bill), StringComparison.Ordinal));
        Assert.Equal("TimeoutException", cause["cause"]["errorType"].GetString());
        Assert.Equal("The database timed out", cause["cause"]["errorMessage"].GetString());
    }

    [Fact]
    public async Task A_Catch_reads_the_cause_as_JSON_as_on_AWS()
    {
        const string definition = """
            {"StartAt": "Bill", "States": {
              "Bill": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:bill",
                       "Catch": [{"ErrorEquals": ["InvalidOperationException"], "ResultPath": "$.error", "Next": "Explain"}], "End": true},
              "Explain": {"Type": "Pass", "Parameters": {"info.$": "States.StringToJson($.error.Cause)"}, "End": true}}}
            """;
        var handlers = new TaskHandlerRegistry().Register(Function, _ => Bill());

        var result = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, null, handlers);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("Billing failed", result.Output["info"]["errorMessage"].GetString());
    }

    [Fact]
    public async Task Another_resources_exception_is_its_message()
    {
        const string definition = """{"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}}""";
        var handlers = new TaskHandlerRegistry().Register("arn:aws:states:::sqs:sendMessage", _ => Bill());

        var result = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, null, handlers);

        Assert.Equal("InvalidOperationException", result.Error);
        Assert.Equal("Billing failed", result.Cause);
    }

    [Theory]
    [InlineData(Function)]
    [InlineData("arn:aws:states:::sqs:sendMessage")]
    public async Task A_cause_is_at_most_the_APIs_32768_characters(string resource)
    {
        var definition = """{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": """ + "\"" + resource + "\"" + """, "End": true}}}""";
        var message = new string('\u0001', 40_000); // written as \u0001 in JSON: six characters each
        var handlers = new TaskHandlerRegistry().Register(resource, _ => throw new InvalidOperationException(message, new TimeoutException(message)));

        var result = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, null, handlers);

        Assert.Equal("InvalidOperationException", result.Error);
        Assert.InRange(result.Cause!.Length, 1_000, 32_768);
        if (resource == Function)
        {
            Assert.StartsWith("\u0001", JsonValue.Parse(result.Cause)["errorMessage"].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_result_reads_as_its_status_with_its_output_or_its_error()
    {
        const string definition = """{"StartAt": "Send", "States": {"Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}}""";
        var failing = new TaskHandlerRegistry().Register("arn:aws:states:::sqs:sendMessage", _ => Bill());
        var answering = new TaskHandlerRegistry().RegisterFunction("arn:aws:states:::sqs:sendMessage", _ => JsonValue.Parse("""{"MessageId":"m-1"}"""));

        var failed = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, null, failing);
        var succeeded = await new ExecutionKernel().RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject, null, answering);

        Assert.Equal("FAILED InvalidOperationException: Billing failed", failed.ToString());
        Assert.Equal("""SUCCEEDED {"MessageId":"m-1"}""", succeeded.ToString());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ValueTask<JsonValue> Bill()
    {
        try
        {
            throw new TimeoutException("The database timed out");
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException("Billing failed", e);
        }
    }
}
