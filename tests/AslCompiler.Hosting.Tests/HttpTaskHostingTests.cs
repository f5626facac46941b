using System.Net;
using System.Net.Http;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace AslCompiler.Hosting.Tests;

public class HttpTaskHostingTests
{
    private const string ConnectionArn = "arn:aws:events:us-east-1:123456789012:connection/orders/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private const string Definition = """
        {
          "StartAt": "Call",
          "States": {
            "Call": {
              "Type": "Task",
              "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {
                "ApiEndpoint": "https://orders.example.test/orders",
                "Method": "GET",
                "InvocationConfig": { "ConnectionArn": "%CONNECTION%" }
              },
              "ResultSelector": { "status.$": "$.StatusCode", "body.$": "$.ResponseBody" },
              "End": true
            }
          }
        }
        """;

    /// <summary>Answers every request with the API key header it saw, so the test sees what was sent.</summary>
    private sealed class EchoKeyHandler : HttpMessageHandler
    {
        public int Calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            var key = request.Headers.TryGetValues("x-api-key", out var values) ? string.Join(",", values) : "none";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("{\"key\":\"" + key + "\"}", System.Text.Encoding.UTF8, "application/json"),
            });
        }
    }

    private sealed class OrdersConnection : IHttpConnectionProvider
    {
        public ValueTask<HttpConnection?> GetConnectionAsync(string connectionArn, CancellationToken cancellationToken) =>
            ValueTask.FromResult(connectionArn == ConnectionArn ? HttpConnection.ApiKey("x-api-key", "secret-1") : null);
    }

    [Fact]
    public async Task HTTP_tasks_use_the_client_and_the_connection_provider_from_the_container()
    {
        var handler = new EchoKeyHandler();
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler()
            .UseHttpClient(_ => new HttpClient(handler, disposeHandler: false))
            .UseHttpConnections<OrdersConnection>();
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var arn = await Workflows.CreateAsync(stepFunctions, Definition.Replace("%CONNECTION%", ConnectionArn, StringComparison.Ordinal));
        var result = await Workflows.RunAsync(stepFunctions, arn);

        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"body":{"key":"secret-1"},"status":200}""", result.Output); // .$ members in Java HashMap order, as AWS renders them
        Assert.Equal(1, handler.Calls);
        await host.StopAsync();
    }

    [Fact]
    public async Task Without_a_connection_provider_an_HTTP_task_fails_naming_the_connection()
    {
        var handler = new EchoKeyHandler();
        var builder = TestHosts.Builder();
        builder.Services.AddAslCompiler().UseHttpClient(_ => new HttpClient(handler, disposeHandler: false));
        using var host = builder.Build();
        await host.StartAsync();
        var stepFunctions = host.Services.GetRequiredService<IStepFunctions>();

        var arn = await Workflows.CreateAsync(stepFunctions, Definition.Replace("%CONNECTION%", ConnectionArn, StringComparison.Ordinal));
        var result = await Workflows.RunAsync(stepFunctions, arn);

        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("Events.ConnectionResource.ResourceNotFound", result.Error);
        Assert.Contains(ConnectionArn, result.Cause, StringComparison.Ordinal);
        Assert.Equal(0, handler.Calls);
        await host.StopAsync();
    }
}
