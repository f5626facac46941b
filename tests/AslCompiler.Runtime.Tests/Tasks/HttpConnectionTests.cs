using System.Net;
using System.Net.Http;
using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Runtime.Timing;

namespace AslCompiler.Runtime.Tests.Tasks;

public class HttpConnectionTests
{
    private const string Arn = "arn:aws:events:us-east-1:111111111111:connection/Example/81210c42-8af1-456b-9c4a-6ff02fc664ac";

    private static string Machine(string parameters, string connectionField = "InvocationConfig") =>
        """{"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"""
        + "\"" + connectionField + "\":{\"ConnectionArn\":\"" + Arn + "\"}," + parameters + """},"End":true}}}""";

    private static async Task<ExecutionResult> Run(string definition, FakeHttpHandler endpoint, IHttpConnectionProvider? connections, VirtualTimeProvider? clock = null)
    {
        clock ??= new VirtualTimeProvider();
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, HttpClient = new HttpClient(endpoint), HttpConnections = connections });
        return await VirtualClock.RunAsync(clock, kernel.RunAsync(AslInterpreter.Compile(definition), JsonValue.EmptyObject).AsTask(), TimeSpan.FromSeconds(5));
    }

    private static HttpConnectionProvider Provider(HttpConnection connection) => new HttpConnectionProvider([new(Arn, connection)]);

    [Fact]
    public async Task An_API_key_connection_adds_its_header()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://api.example.com/v1\",\"Method\":\"GET\""), endpoint, Provider(HttpConnection.ApiKey("x-api-key", "s3cret")));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("s3cret", endpoint.Single.Header("x-api-key"));
        Assert.DoesNotContain("s3cret", result.History!.ToJson().ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_basic_connection_sends_basic_authorization()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        await Run(Machine("\"ApiEndpoint\":\"https://api.example.com/v1\",\"Method\":\"GET\"", "Authentication"), endpoint, Provider(HttpConnection.Basic("myUsername", "myPassword")));
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("myUsername:myPassword")), endpoint.Single.Header("Authorization"));
    }

    [Fact]
    public async Task An_OAuth_connection_gets_a_client_credentials_token_and_reuses_it_until_it_expires()
    {
        var tokens = 0;
        var endpoint = new FakeHttpHandler(request =>
        {
            if (request.Url.AbsolutePath == "/oauth/token")
            {
                tokens++;
                return FakeHttpHandler.Json("{\"access_token\":\"tok-" + tokens + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
            }

            return FakeHttpHandler.Json("{}");
        });
        var connection = HttpConnection.OAuthClientCredentials(new HttpOAuthClientCredentials
        {
            AuthorizationEndpoint = "https://auth.example.com/oauth/token",
            ClientId = "client",
            ClientSecret = "secret",
            BodyParameters = [new("scope", "read")],
            HeaderParameters = [new("X-Tenant", "t1")],
            QueryStringParameters = [new("audience", "api")],
        });
        // Token lifetimes are real time: the handler reads its own clock, advanced here by hand.
        var clock = new VirtualTimeProvider();
        var tokenClock = new VirtualTimeProvider();
        var handler = new HttpTaskHandler(new HttpClient(endpoint), Provider(connection), new HttpTaskOptions { TimeProvider = tokenClock });
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, TaskHandlers = new TaskHandlerRegistry().Register(HttpTask.Resource, handler.InvokeAsync) });
        var program = AslInterpreter.Compile(Machine("\"ApiEndpoint\":\"https://api.example.com/v1\",\"Method\":\"GET\""));
        for (var i = 0; i < 2; i++)
        {
            var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(program, JsonValue.EmptyObject).AsTask(), TimeSpan.FromSeconds(5));
            Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        }

        var requests = endpoint.Requests;
        Assert.Equal(3, requests.Count);
        var tokenRequest = requests[0];
        Assert.Equal("POST", tokenRequest.Method);
        Assert.Equal("https://auth.example.com/oauth/token?audience=api", tokenRequest.Url.AbsoluteUri);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("client:secret")), tokenRequest.Header("Authorization"));
        Assert.Equal("t1", tokenRequest.Header("X-Tenant"));
        Assert.Equal("grant_type=client_credentials&scope=read", tokenRequest.Body);
        Assert.Equal("Bearer tok-1", requests[1].Header("Authorization"));
        Assert.Equal("Bearer tok-1", requests[2].Header("Authorization"));

        // Past its lifetime the token is requested again.
        tokenClock.Advance(TimeSpan.FromHours(2));
        await VirtualClock.RunAsync(clock, kernel.RunAsync(program, JsonValue.EmptyObject).AsTask(), TimeSpan.FromSeconds(5));
        Assert.Equal(2, tokens);
        Assert.Equal("Bearer tok-2", endpoint.Requests[^1].Header("Authorization"));
    }

    [Fact]
    public async Task A_refused_OAuth_token_request_fails_with_InvalidConnectionState()
    {
        var endpoint = new FakeHttpHandler(request => request.Url.AbsolutePath == "/token" ? FakeHttpHandler.Json("""{"error":"invalid_client"}""", HttpStatusCode.Unauthorized) : FakeHttpHandler.Json("{}"));
        var connection = HttpConnection.OAuthClientCredentials(new HttpOAuthClientCredentials { AuthorizationEndpoint = "https://auth.example.com/token", ClientId = "c", ClientSecret = "s" });
        var result = await Run(Machine("\"ApiEndpoint\":\"https://api.example.com/v1\",\"Method\":\"GET\""), endpoint, Provider(connection));
        Assert.Equal("Events.ConnectionResource.InvalidConnectionState", result.Error);
        Assert.Equal("The OAuth token request of the connection '" + Arn + "' was refused (HTTP 401).", result.Cause);
        Assert.Single(endpoint.Requests);
    }

    [Theory]
    [InlineData("")]
    [InlineData("G T")]
    [InlineData("DELETE")]
    public async Task An_OAuth_token_method_EventBridge_would_refuse_fails_with_InvalidConnectionState_not_a_dotnet_exception(string method)
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("""{"access_token":"t"}"""));
        var connection = HttpConnection.OAuthClientCredentials(new HttpOAuthClientCredentials { AuthorizationEndpoint = "https://auth.example.com/token", HttpMethod = method, ClientId = "c", ClientSecret = "s" });
        var result = await Run(Machine("\"ApiEndpoint\":\"https://api.example.com/v1\",\"Method\":\"GET\""), endpoint, Provider(connection));
        Assert.Equal("Events.ConnectionResource.InvalidConnectionState", result.Error);
        Assert.Equal("The OAuth connection '" + Arn + "' has an HttpMethod that is not GET, POST or PUT.", result.Cause);
        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task Connection_parameters_are_merged_over_the_task_as_in_the_AWS_example()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var connection = new HttpConnection
        {
            AuthorizationType = HttpConnectionAuthorizationType.ApiKey,
            ApiKeyName = "ApiKey",
            ApiKeyValue = "key_value",
            BodyParameters = [new("BodyParam", "connection_body_param")],
            HeaderParameters = [new("Header-Param", "connection_header_param")],
            QueryStringParameters = [new("QueryParam", "connection_query_param")],
        };
        await Run(Machine("""
            "ApiEndpoint":"https://example.com/path","Method":"POST",
            "Headers":{"Request-Id":"my_request_id","Header-Param":"state_machine_header_param"},
            "RequestBody":{"Job":"Software Engineer","Company":"AnyCompany","BodyParam":"state_machine_body_param"},
            "QueryParameters":{"QueryParam":"state_machine_query_param"}
            """), endpoint, Provider(connection));
        var request = endpoint.Single;
        Assert.Equal("https://example.com/path?QueryParam=connection_query_param", request.Url.AbsoluteUri);
        Assert.Equal("key_value", request.Header("ApiKey"));
        Assert.Equal(["connection_header_param"], request.Values("Header-Param"));
        Assert.Equal("my_request_id", request.Header("Request-Id"));
        Assert.Equal("""{"Job":"Software Engineer","Company":"AnyCompany","BodyParam":"connection_body_param"}""", request.Body);
    }

    [Fact]
    public async Task A_string_body_cannot_merge_connection_body_parameters()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var connection = new HttpConnection { BodyParameters = [new("k", "v")] };
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"POST\",\"RequestBody\":\"raw\""), endpoint, Provider(connection));
        Assert.Equal("States.Runtime", result.Error);
        Assert.EndsWith("The RequestBody is a string and the connection has body parameters: Step Functions cannot merge them.", result.Cause, StringComparison.Ordinal);
        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task Connection_body_parameters_are_URL_encoded_with_the_body()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var connection = new HttpConnection { BodyParameters = [new("token", "a&b")] };
        await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"POST\",\"RequestBody\":{\"x\":1},\"Transform\":{\"RequestBodyEncoding\":\"URL_ENCODED\"}"), endpoint, Provider(connection));
        Assert.Equal("x=1&token=a%26b", endpoint.Single.Body);
    }

    [Fact]
    public async Task Without_a_connection_provider_a_connection_fails_naming_it()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint, connections: null);
        Assert.Equal("Events.ConnectionResource.ResourceNotFound", result.Error);
        Assert.Equal("No HTTP connection provider is configured (ExecutionOptions.HttpConnections), so the connection '" + Arn + "' cannot be resolved.", result.Cause);
        Assert.Empty(endpoint.Requests);
    }

    [Fact]
    public async Task An_unknown_connection_fails_with_ResourceNotFound()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint, new HttpConnectionProvider([]));
        Assert.Equal("Events.ConnectionResource.ResourceNotFound", result.Error);
        Assert.Equal("The connection '" + Arn + "' does not exist.", result.Cause);
    }

    [Fact]
    public async Task A_failing_provider_fails_with_InternalError_and_its_own_errors_pass_through()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint, new ThrowingProvider(new InvalidOperationException("vault sealed")));
        Assert.Equal("Events.ConnectionResource.InternalError", result.Error);
        Assert.Equal("The connection provider failed to resolve '" + Arn + "': vault sealed", result.Cause);

        result = await Run(Machine("\"ApiEndpoint\":\"https://a.example\",\"Method\":\"GET\""), endpoint, new ThrowingProvider(new TaskFailedException("Events.ConnectionResource.AccessDenied", "denied")));
        Assert.Equal("Events.ConnectionResource.AccessDenied", result.Error);
    }

    [Fact]
    public async Task A_task_without_a_connection_fails_with_States_Runtime()
    {
        var endpoint = new FakeHttpHandler(_ => FakeHttpHandler.Json("{}"));
        var result = await Run("""{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"https://a.example","Method":"GET"},"End":true}}}""", endpoint, Provider(new HttpConnection()));
        Assert.Equal("States.Runtime", result.Error);
        Assert.Contains("). The HTTP Task requires InvocationConfig.ConnectionArn", result.Cause, StringComparison.Ordinal);

        result = await Run("""{"StartAt":"C","States":{"C":{"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"https://a.example","Method":"GET","InvocationConfig":{}},"End":true}}}""", endpoint, Provider(new HttpConnection()));
        Assert.EndsWith("The InvocationConfig field must be an object with a ConnectionArn string.", result.Cause, StringComparison.Ordinal);
        Assert.Empty(endpoint.Requests);
    }

    private sealed class ThrowingProvider(Exception exception) : IHttpConnectionProvider
    {
        public ValueTask<HttpConnection?> GetConnectionAsync(string connectionArn, CancellationToken cancellationToken) => ValueTask.FromException<HttpConnection?>(exception);
    }
}
