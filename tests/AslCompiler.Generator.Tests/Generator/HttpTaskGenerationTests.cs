using System.Net;
using System.Net.Http;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// HTTP Tasks (<c>arn:aws:states:::http:invoke</c>) are real HTTP calls the runtime makes: generated classes do not ask
/// for a handler method, and a generated run calls the endpoint exactly as the interpreter does.
/// </summary>
public class HttpTaskGenerationTests
{
    private const string Connection = "arn:aws:events:us-east-1:111111111111:connection/Orders/00000000-0000-0000-0000-000000000001";
    private const string Price = "arn:aws:lambda:us-east-1:123456789012:function:price";

    private const string Definition = """
        {
          "StartAt": "Price",
          "States": {
            "Price": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:price", "ResultPath": "$.price", "Next": "Notify" },
            "Notify": {
              "Type": "Task",
              "Resource": "arn:aws:states:::http:invoke",
              "Parameters": {
                "ApiEndpoint": "https://api.example.com/orders",
                "Method": "POST",
                "InvocationConfig": { "ConnectionArn": "arn:aws:events:us-east-1:111111111111:connection/Orders/00000000-0000-0000-0000-000000000001" },
                "Headers": { "X-Order.$": "$.id" },
                "RequestBody": { "id.$": "$.id", "amount.$": "$.price.amount" }
              },
              "ResultSelector": { "status.$": "$.StatusCode", "body.$": "$.ResponseBody" },
              "ResultPath": "$.notified",
              "Retry": [ { "ErrorEquals": [ "States.Http.StatusCode.503" ], "IntervalSeconds": 2, "MaxAttempts": 1 } ],
              "Catch": [ { "ErrorEquals": [ "States.ALL" ], "ResultPath": "$.failure", "Next": "Failed" } ],
              "End": true
            },
            "Failed": { "Type": "Fail", "ErrorPath": "$.failure.Error", "CausePath": "$.failure.Cause" }
          }
        }
        """;

    // Implements only the Lambda function: the HTTP Task needs no method, so this compiles only if IHandlers has none for it.
    private const string UserCode = """
        using System.Threading;
        using System.Threading.Tasks;
        using AslCompiler.Runtime.Execution;
        using AslCompiler.Runtime.Json;

        namespace Shop
        {
            internal static class Driver
            {
                private sealed class Handlers : Calls.IHandlers
                {
                    public ValueTask<JsonValue> PriceAsync(JsonValue input, CancellationToken cancellationToken) =>
                        new(JsonValue.Parse("{\"amount\":42}"));
                }

                public static ValueTask<ExecutionResult> RunAsync(ExecutionKernel kernel, JsonValue input, ExecutionRequest request) =>
                    Calls.RunAsync(kernel, new Handlers(), input, request);
            }
        }
        """;

    [Fact]
    public void IHandlers_and_RegisterHandlers_leave_out_the_HTTP_Task()
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Calls.asl.json", Definition)]);
        var (_, output, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, UserCode));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        var handlers = output.GetTypeByMetadataName("Shop.Calls+IHandlers")!;
        Assert.Equal(["PriceAsync"], handlers.GetMembers().OfType<IMethodSymbol>().Select(m => m.Name));
        var source = sources["Calls.asl.g.cs"];
        Assert.DoesNotContain(".Register(\"arn:aws:states:::http:invoke\"", source, StringComparison.Ordinal);
        Assert.Contains("own.Register(\"" + Price + "\"", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_definition_with_only_HTTP_Tasks_has_an_empty_IHandlers()
    {
        const string only = """{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"https://a.example","Method":"GET","InvocationConfig":{"ConnectionArn":"arn:aws:events:us-east-1:1:connection/A/1"}},"End":true}}}""";
        const string user = "namespace Shop { internal sealed class NoHandlers : Calls.IHandlers { } }";
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Calls.asl.json", only)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, user));

        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        Assert.Empty(output.GetTypeByMetadataName("Shop.Calls+IHandlers")!.GetMembers());
    }

    [Theory]
    [InlineData(HttpStatusCode.OK, "{\"accepted\":true}")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "busy")]
    [InlineData(HttpStatusCode.NotFound, "{\"message\":\"no such order\"}")]
    public async Task A_generated_run_calls_the_endpoint_as_the_interpreter_does(HttpStatusCode status, string body)
    {
        var input = JsonValue.Parse("""{"id":"A-7"}""");
        var compiledEndpoint = new RecordingEndpoint(status, body);
        var interpretedEndpoint = new RecordingEndpoint(status, body);

        var compiled = await CompiledRunAsync(compiledEndpoint, input);
        var interpretedKernel = Kernel(interpretedEndpoint, out var interpretedClock);
        interpretedKernel.Options.TaskHandlers.Register(Price, _ => new ValueTask<JsonValue>(JsonValue.Parse("""{"amount":42}""")));
        var interpreted = await VirtualClock.RunAsync(
            interpretedClock,
            interpretedKernel.RunAsync(AslInterpreter.Compile(Definition), input, Request()).AsTask(),
            TimeSpan.FromSeconds(5));

        Assert.Equal(interpreted.Status, compiled.Status);
        Assert.Equal(interpreted.Output, compiled.Output);
        Assert.Equal(interpreted.Error, compiled.Error);
        Assert.Equal(interpreted.Cause, compiled.Cause);
        Assert.Equal(Events(interpreted), Events(compiled));
        Assert.Equal(interpretedEndpoint.Requests, compiledEndpoint.Requests);

        // The call really went out: once, or twice when the 503 was retried.
        var request = compiledEndpoint.Requests[0];
        Assert.Equal(status == HttpStatusCode.ServiceUnavailable ? 2 : 1, compiledEndpoint.Requests.Count);
        Assert.StartsWith("POST https://api.example.com/orders ", request, StringComparison.Ordinal);
        Assert.Contains("x-order: A-7", request, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"id\":\"A-7\"", request, StringComparison.Ordinal);
        Assert.Contains("\"amount\":42", request, StringComparison.Ordinal);
        if (status == HttpStatusCode.OK)
        {
            Assert.Equal(ExecutionStatus.Succeeded, compiled.Status);
            Assert.Equal(JsonValue.Parse("""{"status":200,"body":{"accepted":true}}"""), compiled.Output["notified"]);
        }
        else
        {
            Assert.Equal(ExecutionStatus.Failed, compiled.Status);
            Assert.Equal("States.Http.StatusCode." + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture), compiled.Error);
        }
    }

    private static async Task<ExecutionResult> CompiledRunAsync(RecordingEndpoint endpoint, JsonValue input)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Calls.asl.json", Definition)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences, UserCode));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

        var context = new AssemblyLoadContext("http", isCollectible: true);
        try
        {
            stream.Position = 0;
            var run = context.LoadFromStream(stream).GetType("Shop.Driver", throwOnError: true)!.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)!;
            var kernel = Kernel(endpoint, out var clock);
            var work = ((ValueTask<ExecutionResult>)run.Invoke(null, [kernel, input, Request()])!).AsTask();
            return await VirtualClock.RunAsync(clock, work, TimeSpan.FromSeconds(5));
        }
        finally
        {
            context.Unload();
        }
    }

    private static ExecutionKernel Kernel(RecordingEndpoint endpoint, out VirtualTimeProvider clock)
    {
        clock = new VirtualTimeProvider(new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero));
        return new ExecutionKernel(new ExecutionOptions
        {
            TimeProvider = clock,
            HttpClient = new HttpClient(endpoint),
            HttpConnections = new HttpConnectionProvider([new(Connection, new HttpConnection())]),
            TaskHandlers = new TaskHandlerRegistry(),
        });
    }

    private static ExecutionRequest Request() => new() { Name = "http", StateMachineName = "Calls", RecordHistory = true };

    private static List<string> Events(ExecutionResult result) =>
        result.History?.Events.Select(e => e.Type + " " + e.Details.ToJsonString()).ToList() ?? [];

    /// <summary>An endpoint in the process (no network): answers every request alike and records it as text.</summary>
    private sealed class RecordingEndpoint(HttpStatusCode status, string body) : HttpMessageHandler
    {
        private readonly List<string> _requests = [];

        public IReadOnlyList<string> Requests
        {
            get
            {
                lock (_requests)
                {
                    return [.. _requests];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var text = new StringBuilder().Append(request.Method.Method).Append(' ').Append(request.RequestUri!.AbsoluteUri).Append(' ');
            foreach (var (name, values) in request.Headers.NonValidated.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                text.Append(name.ToLowerInvariant()).Append(": ").Append(string.Join(",", values)).Append('\n');
            }

            if (request.Content is not null)
            {
                text.Append(await request.Content.ReadAsStringAsync(cancellationToken));
            }

            lock (_requests)
            {
                _requests.Add(text.ToString());
            }

            var mediaType = body.StartsWith('{') ? "application/json" : "text/plain";
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        }
    }
}
