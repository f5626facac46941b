using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Server.Lambda;

namespace AslCompiler.Server.Tests;

public sealed class LambdaTaskRouterTests
{
    [Theory]
    [InlineData("Fn", "Fn", null)]
    [InlineData("Fn:live", "Fn", "live")]
    [InlineData("123456789012:function:Fn", "Fn", null)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Fn", "Fn", null)]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:Fn:7", "Fn", "7")]
    public void Function_names_are_read_from_every_form_Lambda_accepts(string function, string name, string? qualifier)
    {
        Assert.Equal((name, qualifier), LambdaTaskRouter.ParseFunction(function));
    }

    [Fact]
    public void Functions_load_from_an_assembly_by_attribute()
    {
        var functions = LambdaTaskRouter.LoadFunctions(typeof(DoublerFunction).Assembly.Location);
        Assert.IsType<DoublerFunction>(functions["Doubler"]);
    }

    [Fact]
    public void An_assembly_without_functions_is_refused_with_its_path()
    {
        var path = typeof(LambdaTaskRouter).Assembly.Location;
        var e = Assert.Throws<FormatException>(() => LambdaTaskRouter.LoadFunctions(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_assembly_is_FileNotFound()
    {
        Assert.Throws<FileNotFoundException>(() => LambdaTaskRouter.LoadFunctions(Path.Combine(Path.GetTempPath(), "no-such-handlers.dll")));
    }

    [Fact]
    public async Task Unknown_functions_fail_without_an_endpoint()
    {
        var router = new LambdaTaskRouter(new Dictionary<string, ILambdaFunction>());
        var e = await Assert.ThrowsAsync<TaskFailedException>(async () =>
            await router.InvokeAsync(new LambdaInvocation("Nope", null, JsonValue.EmptyObject, "arn", "S", CancellationToken.None)));
        Assert.Equal("Lambda.ResourceNotFoundException", e.Error);
    }

    [Fact]
    public async Task An_unreachable_endpoint_is_Lambda_SdkClientException()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var router = new LambdaTaskRouter(new Dictionary<string, ILambdaFunction>(), new Uri("http://127.0.0.1:" + port));
        var e = await Assert.ThrowsAsync<TaskFailedException>(async () =>
            await router.InvokeAsync(new LambdaInvocation("Fn", null, JsonValue.EmptyObject, "arn", "S", CancellationToken.None)));
        Assert.Equal("Lambda.SdkClientException", e.Error);
    }

    [Theory]
    [InlineData(200, "{\"total\":3}", null, "{\"total\":3}")]
    [InlineData(500, "{\"__type\":\"ServiceException\"}", "Lambda.ServiceException", null)]
    public async Task A_response_in_a_charset_dotnet_does_not_know_is_read_as_the_UTF8_JSON_Lambda_sends(int status, string body, string? error, string? result)
    {
        // Before: "charset=bogus" failed the task with the error InvalidOperationException ("The character set provided
        // in ContentType is invalid"), whatever the endpoint answered.
        using var http = new HttpClient(new FixedResponse((System.Net.HttpStatusCode)status, body, "application/json; charset=bogus"));
        var router = new LambdaTaskRouter(new Dictionary<string, ILambdaFunction>(), new Uri("http://lambda.invalid"), http);
        var invocation = new LambdaInvocation("Fn", null, JsonValue.EmptyObject, "arn", "S", CancellationToken.None);
        if (error is null)
        {
            Assert.Equal(result, (await router.InvokeAsync(invocation)).ToJsonString());
        }
        else
        {
            var e = await Assert.ThrowsAsync<TaskFailedException>(async () => await router.InvokeAsync(invocation));
            Assert.Equal((error, body), (e.Error, e.ErrorCause));
        }
    }

    /// <summary>Answers every request with one status, body and content type.</summary>
    private sealed class FixedResponse(System.Net.HttpStatusCode status, string body, string contentType) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            return Task.FromResult(new HttpResponseMessage(status) { Content = content });
        }
    }
}
