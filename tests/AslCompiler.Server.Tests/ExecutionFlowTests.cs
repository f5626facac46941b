using System.Net;
using System.Text.Json.Nodes;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Server.Lambda;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using JsonValue = AslCompiler.Runtime.Json.JsonValue;

namespace AslCompiler.Server.Tests;

/// <summary>A Lambda function served in-process: doubles <c>n</c>; fails with <c>Custom.Error</c> when <c>fail</c> is true.</summary>
[LambdaFunction("Doubler")]
public sealed class DoublerFunction : ILambdaFunction
{
    public ValueTask<JsonValue> InvokeAsync(LambdaInvocation invocation)
    {
        if (invocation.Payload["fail"].IsTrue)
        {
            throw new TaskFailedException("Custom.Error", "asked to fail");
        }

        invocation.Payload["n"].TryGetInt64(out var n);
        return ValueTask.FromResult(JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("doubled", n * 2)));
    }
}

public sealed class ExecutionFlowTests
{
    private const string LambdaArn = "arn:aws:lambda:us-east-1:123456789012:function:";

    [Fact]
    public async Task Sync_express_execution_answers_with_output()
    {
        await using var server = await ServerHarness.StartAsync();
        var machine = await server.CreateStateMachineAsync("Sync", """{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"sum.$":"States.MathAdd($.a, 1)"},"End":true}}}""", "EXPRESS");
        var result = await server.CallAsync("StartSyncExecution", new { stateMachineArn = machine, input = """{"a":41}""" });
        Assert.Equal("SUCCEEDED", result["status"]!.GetValue<string>());
        Assert.Equal(42, JsonNode.Parse(result["output"]!.GetValue<string>())!["sum"]!.GetValue<int>());
        Assert.Equal(JsonValueKindNumber, result["stopDate"]!.GetValueKind());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNumber = System.Text.Json.JsonValueKind.Number;

    [Fact]
    public async Task Sync_start_of_a_standard_machine_is_StateMachineTypeNotSupported()
    {
        await using var server = await ServerHarness.StartAsync();
        var machine = await server.CreateStateMachineAsync("NotExpress");
        var response = await server.SendAsync("StartSyncExecution", new { stateMachineArn = machine });
        Assert.Equal("StateMachineTypeNotSupported", response.ErrorType);
    }

    [Fact]
    public async Task The_X_Amzn_Trace_Id_header_is_the_trace_header_and_wins_over_the_body()
    {
        // The reference (StartExecution traceHeader): "If both sources are provided, Step Functions will use the header
        // value (preferred) over the value in the request body."
        await using var server = await ServerHarness.StartAsync();
        var machine = await server.CreateStateMachineAsync("Traced");
        async Task<string?> TraceOf(object body, string? header)
        {
            var started = await server.SendRawAsync("AWSStepFunctions.StartExecution", System.Text.Json.JsonSerializer.Serialize(body), request =>
            {
                if (header is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-Amzn-Trace-Id", header);
                }
            });
            Assert.Equal(HttpStatusCode.OK, started.Status);
            var described = await server.CallAsync("DescribeExecution", new { executionArn = started.Body!["executionArn"]!.GetValue<string>() });
            return described["traceHeader"]?.GetValue<string>();
        }

        Assert.Equal("Root=1-aaaa-header", await TraceOf(new { stateMachineArn = machine, name = "both", traceHeader = "Root=1-bbbb-body" }, "Root=1-aaaa-header"));
        Assert.Equal("Root=1-cccc-header", await TraceOf(new { stateMachineArn = machine, name = "header" }, "Root=1-cccc-header"));
        Assert.Equal("Root=1-dddd-body", await TraceOf(new { stateMachineArn = machine, name = "body", traceHeader = "Root=1-dddd-body" }, null));
    }

    [Fact]
    public async Task An_activity_is_polled_and_answered()
    {
        await using var server = await ServerHarness.StartAsync();
        var activity = (await server.CallAsync("CreateActivity", new { name = "Approve" }))["activityArn"]!.GetValue<string>();
        var definition = "{\"StartAt\":\"Work\",\"States\":{\"Work\":{\"Type\":\"Task\",\"Resource\":\"" + activity + "\",\"End\":true}}}";
        var machine = await server.CreateStateMachineAsync("Activities", definition);
        var executionArn = (await server.CallAsync("StartExecution", new { stateMachineArn = machine, input = """{"ask":"ok?"}""" }))["executionArn"]!.GetValue<string>();

        var task = await server.CallAsync("GetActivityTask", new { activityArn = activity, workerName = "w1" });
        Assert.Equal("ok?", JsonNode.Parse(task["input"]!.GetValue<string>())!["ask"]!.GetValue<string>());
        await server.CallAsync("SendTaskHeartbeat", new { taskToken = task["taskToken"]!.GetValue<string>() });
        await server.CallAsync("SendTaskSuccess", new { taskToken = task["taskToken"]!.GetValue<string>(), output = """{"answer":"yes"}""" });

        var described = await server.WaitForExecutionAsync(executionArn);
        Assert.Equal("SUCCEEDED", described["status"]!.GetValue<string>());
        Assert.Equal("yes", JsonNode.Parse(described["output"]!.GetValue<string>())!["answer"]!.GetValue<string>());

        var stale = await server.SendAsync("SendTaskSuccess", new { taskToken = task["taskToken"]!.GetValue<string>(), output = "{}" });
        Assert.Equal(HttpStatusCode.BadRequest, stale.Status);
    }

    [Theory]
    [InlineData(LambdaArn + "Doubler", """{"n":21}""", """{"doubled":42}""")]
    [InlineData("arn:aws:states:::lambda:invoke", """{"FunctionName":"Doubler","Payload":{"n":21}}""", """{"doubled":42}""")]
    [InlineData("arn:aws:states:::lambda:invoke", """{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:Doubler:live","Payload":{"n":5}}""", """{"doubled":10}""")]
    public async Task Lambda_tasks_run_in_process_handlers(string resource, string parameters, string expected)
    {
        await using var server = await ServerHarness.StartAsync(functions: new Dictionary<string, ILambdaFunction> { ["Doubler"] = new DoublerFunction() });
        var output = await RunLambdaTaskAsync(server, resource, parameters);
        var result = resource.StartsWith("arn:aws:states", StringComparison.Ordinal) ? output["Payload"]! : output;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), result), result.ToJsonString());
        if (resource.StartsWith("arn:aws:states", StringComparison.Ordinal))
        {
            Assert.Equal(200, output["StatusCode"]!.GetValue<int>());
        }
    }

    [Fact]
    public async Task A_failing_handler_fails_the_task_with_its_error()
    {
        await using var server = await ServerHarness.StartAsync(functions: new Dictionary<string, ILambdaFunction> { ["Doubler"] = new DoublerFunction() });
        var described = await RunLambdaExecutionAsync(server, LambdaArn + "Doubler", """{"fail":true}""");
        Assert.Equal("FAILED", described["status"]!.GetValue<string>());
        Assert.Equal("Custom.Error", described["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unknown_function_is_Lambda_ResourceNotFoundException()
    {
        await using var server = await ServerHarness.StartAsync(functions: new Dictionary<string, ILambdaFunction>());
        var described = await RunLambdaExecutionAsync(server, LambdaArn + "Nobody", "{}");
        Assert.Equal("Lambda.ResourceNotFoundException", described["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Lambda_tasks_go_to_the_HTTP_endpoint_as_Invoke_API_calls()
    {
        var calls = new List<string>();
        await using var lambda = await StartFakeLambdaAsync(calls);
        var endpoint = new Uri(lambda.Urls.First());
        await using var server = await ServerHarness.StartAsync(lambdaEndpoint: endpoint);

        var output = await RunLambdaTaskAsync(server, LambdaArn + "Echo", """{"x":1}""");
        Assert.Equal(1, output["echo"]!["x"]!.GetValue<int>());
        var invoked = await RunLambdaTaskAsync(server, "arn:aws:states:::lambda:invoke", """{"FunctionName":"Echo:v2","Payload":{"y":2}}""");
        Assert.Equal(2, invoked["Payload"]!["echo"]!["y"]!.GetValue<int>());
        Assert.Equal("v2", invoked["ExecutedVersion"]!.GetValue<string>());
        Assert.Equal(["/2015-03-31/functions/Echo/invocations", "/2015-03-31/functions/Echo/invocations?Qualifier=v2"], calls);

        var failed = await RunLambdaExecutionAsync(server, LambdaArn + "Crash", "{}");
        Assert.Equal("Boom", failed["error"]!.GetValue<string>());
        Assert.Contains("exploded", failed["cause"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartFakeLambdaAsync(List<string> calls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapPost("/2015-03-31/functions/{name}/invocations", async (HttpContext context, string name) =>
        {
            lock (calls)
            {
                calls.Add(context.Request.Path + context.Request.QueryString);
            }

            var payload = await new StreamReader(context.Request.Body).ReadToEndAsync();
            context.Response.ContentType = "application/json";
            if (name == "Crash")
            {
                context.Response.Headers["X-Amz-Function-Error"] = "Unhandled";
                await context.Response.WriteAsync("""{"errorType":"Boom","errorMessage":"exploded"}""");
                return;
            }

            await context.Response.WriteAsync("{\"echo\":" + payload + "}");
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonNode> RunLambdaTaskAsync(ServerHarness server, string resource, string parameters)
    {
        var described = await RunLambdaExecutionAsync(server, resource, parameters);
        Assert.True(described["status"]!.GetValue<string>() == "SUCCEEDED", described.ToJsonString());
        return JsonNode.Parse(described["output"]!.GetValue<string>())!;
    }

    private static async Task<JsonObject> RunLambdaExecutionAsync(ServerHarness server, string resource, string parameters)
    {
        var definition = "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\",\"Resource\":\"" + resource + "\",\"Parameters\":" + parameters + ",\"End\":true}}}";
        var machine = await server.CreateStateMachineAsync("Lambda" + Guid.NewGuid().ToString("N")[..8], definition);
        var executionArn = (await server.CallAsync("StartExecution", new { stateMachineArn = machine }))["executionArn"]!.GetValue<string>();
        return await server.WaitForExecutionAsync(executionArn);
    }
}
