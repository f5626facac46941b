using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Server;
using AslCompiler.Server.Lambda;

namespace AslCompiler.Server.Tests;

/// <summary>A real Kestrel on 127.0.0.1 (a free port) over a fresh LocalStepFunctions, driven with HttpClient.</summary>
public sealed class ServerHarness : IAsyncDisposable
{
    public const string RoleArn = "arn:aws:iam::123456789012:role/StatesExecutionRole";
    public const string PassDefinition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    private readonly StepFunctionsServer _server;

    private ServerHarness(StepFunctionsServer server, HttpClient client)
    {
        _server = server;
        Client = client;
    }

    public HttpClient Client { get; }

    public Uri BaseAddress => _server.BaseAddress;

    public static async Task<ServerHarness> StartAsync(
        StepFunctionsServerOptions? options = null,
        IReadOnlyDictionary<string, ILambdaFunction>? functions = null,
        Uri? lambdaEndpoint = null,
        TimeProvider? time = null)
    {
        var registry = new TaskHandlerRegistry();
        if (functions is not null || lambdaEndpoint is not null)
        {
            new LambdaTaskRouter(functions ?? new Dictionary<string, ILambdaFunction>(), lambdaEndpoint).RegisterWith(registry);
        }

        time ??= TimeProvider.System;
        var api = new LocalStepFunctions(new StepFunctionsOptions
        {
            TimeProvider = time,
            Execution = new ExecutionOptions { TimeProvider = time, TaskHandlers = registry },
        });
        var server = StepFunctionsServer.Create(api, options ?? new StepFunctionsServerOptions { Port = 0 });
        await server.StartAsync();
        var client = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        return new ServerHarness(server, client);
    }

    public Task StopAsync() => _server.StopAsync();

    /// <summary>Sends one action with a raw body.</summary>
    public async Task<WireResponse> SendRawAsync(string? target, string body, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        configure?.Invoke(request);
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new WireResponse(response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Sends <c>AWSStepFunctions.{action}</c>.</summary>
    public Task<WireResponse> SendAsync(string action, object body) =>
        SendRawAsync("AWSStepFunctions." + action, body as string ?? System.Text.Json.JsonSerializer.Serialize(body));

    /// <summary>Sends an action that must succeed; returns its body.</summary>
    public async Task<JsonObject> CallAsync(string action, object body)
    {
        var response = await SendAsync(action, body);
        Assert.True(response.Status == HttpStatusCode.OK, action + " answered " + (int)response.Status + ": " + response.Body?.ToJsonString());
        return response.Body!.AsObject();
    }

    public async Task<string> CreateStateMachineAsync(string name, string definition = PassDefinition, string type = "STANDARD")
    {
        var body = await CallAsync("CreateStateMachine", new { name, definition, roleArn = RoleArn, type });
        return body["stateMachineArn"]!.GetValue<string>();
    }

    /// <summary>Polls DescribeExecution until the execution leaves RUNNING.</summary>
    public async Task<JsonObject> WaitForExecutionAsync(string executionArn)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var described = await CallAsync("DescribeExecution", new { executionArn });
            if (described["status"]!.GetValue<string>() != "RUNNING" || DateTime.UtcNow > deadline)
            {
                return described;
            }

            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _server.DisposeAsync();
    }
}

/// <summary>What the endpoint answered.</summary>
public sealed record WireResponse(HttpStatusCode Status, JsonNode? Body, HttpResponseHeaders Headers, string? ContentType)
{
    /// <summary>The content headers (Allow, Content-Type), when the sender kept them.</summary>
    public HttpContentHeaders? ContentHeaders { get; init; }

    public string? ErrorType => Body?["__type"]?.GetValue<string>();

    public string? Message => Body?["message"]?.GetValue<string>();
}
