using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AslCompiler.Cli.Tests;

/// <summary><c>asl run --http-connections</c>: an HTTP Task calls a real loopback endpoint with the connection's API key.</summary>
public sealed class RunHttpConnectionsTests
{
    private const string Connection = "arn:aws:events:us-east-1:123456789012:connection/Local/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

    private static string Definition(int port) => """
        {"StartAt":"Call","States":{"Call":{"Type":"Task","Resource":"arn:aws:states:::http:invoke",
          "Parameters":{"ApiEndpoint":"http://127.0.0.1:PORT/orders","Method":"GET","InvocationConfig":{"ConnectionArn":"CONN"}},
          "TimeoutSeconds":30,"ResultSelector":{"body.$":"$.ResponseBody"},"End":true}}}
        """.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("CONN", Connection, StringComparison.Ordinal);

    /// <summary>A one-request HTTP server on a free loopback port: answers with the x-api-key header it received.</summary>
    private static (int Port, Task Served) Serve()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = Task.Run(async () =>
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(30));
                using var stream = client.GetStream();
                var request = new StringBuilder();
                var buffer = new byte[4096];
                while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
                {
                    var read = await stream.ReadAsync(buffer);
                    if (read == 0)
                    {
                        break;
                    }

                    request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                var key = request.ToString().Split("\r\n").FirstOrDefault(l => l.StartsWith("x-api-key:", StringComparison.OrdinalIgnoreCase))?["x-api-key:".Length..].Trim() ?? "none";
                var body = "{\"key\":\"" + key + "\"}";
                var response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n" + body;
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            }
            finally
            {
                listener.Stop();
            }
        });
        return (port, served);
    }

    [Fact]
    public async Task An_HTTP_task_uses_the_connection_given_on_the_command_line()
    {
        var (port, served) = Serve();
        var definition = CliRunner.TempFile(Definition(port));
        var connections = CliRunner.TempFile("{\"" + Connection + "\":{\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"x-api-key\",\"ApiKeyValue\":\"local-secret\"}}}}");

        var (exitCode, output, error) = CliRunner.Run("run", definition, "--input", "{}", "--http-connections", "@" + connections);
        await served;

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("\"status\":\"SUCCEEDED\"", output, StringComparison.Ordinal);
        Assert.Contains("\"output\":{\"body\":{\"key\":\"local-secret\"}}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_connections_the_task_fails_naming_the_connection()
    {
        var definition = CliRunner.TempFile(Definition(9));
        var (exitCode, output, _) = CliRunner.Run("run", definition, "--input", "{}");
        Assert.Equal(1, exitCode);
        Assert.Contains("Events.ConnectionResource.ResourceNotFound", output, StringComparison.Ordinal);
        Assert.Contains(Connection, output, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_connections_are_refused_naming_the_option()
    {
        var definition = CliRunner.TempFile(Definition(9));
        var (exitCode, _, error) = CliRunner.Run("run", definition, "--input", "{}", "--http-connections", "{\"arn\":{\"AuthorizationType\":\"DIGEST\"}}");
        Assert.Equal(1, exitCode);
        Assert.Contains("--http-connections", error, StringComparison.Ordinal);
        Assert.Contains("DIGEST", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"AuthorizationType":"API_KEY","AuthParameters":{"ApiKeyAuthParameters":{"ApiKeyName":"","ApiKeyValue":"v"}}}""", "ApiKeyName must not be empty.")]
    [InlineData("""{"AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{"OAuthParameters":{"AuthorizationEndpoint":"http://127.0.0.1:9/t","HttpMethod":"","ClientParameters":{"ClientID":"a","ClientSecret":"b"}}}}""", "HttpMethod must be \"GET\", \"POST\" or \"PUT\".")]
    [InlineData("""{"AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{"OAuthParameters":{"AuthorizationEndpoint":"http://127.0.0.1:9/t","HttpMethod":"G T","ClientParameters":{"ClientID":"a","ClientSecret":"b"}}}}""", "HttpMethod must be \"GET\", \"POST\" or \"PUT\".")]
    [InlineData("""{"AuthorizationType":"OAUTH_CLIENT_CREDENTIALS","AuthParameters":{"OAuthParameters":{"AuthorizationEndpoint":"http://127.0.0.1:9/t","HttpMethod":5,"ClientParameters":{"ClientID":"a","ClientSecret":"b"}}}}""", "HttpMethod must be \"GET\", \"POST\" or \"PUT\".")]
    public void A_connection_EventBridge_would_refuse_is_refused_naming_the_option_not_an_unexpected_error(string connection, string expected)
    {
        // Before: an empty ApiKeyName was "asl run: unexpected error: The value cannot be an empty string. (Parameter 'name')",
        // and a bad token method ran the task into an "ArgumentException" or "FormatException" error.
        var definition = CliRunner.TempFile(Definition(9));
        var (exitCode, output, error) = CliRunner.Run("run", definition, "--input", "{}", "--http-connections", "{\"" + Connection + "\":" + connection + "}");
        Assert.Equal(1, exitCode);
        Assert.Equal(string.Empty, output);
        Assert.Equal("asl: --http-connections: connection '" + Connection + "': " + expected + Environment.NewLine, error);
    }

    [Fact]
    public async Task Test_state_takes_the_same_connections()
    {
        var (port, served) = Serve();
        var state = CliRunner.TempFile("""
            {"Type":"Task","Resource":"arn:aws:states:::http:invoke","Parameters":{"ApiEndpoint":"http://127.0.0.1:PORT/orders","Method":"GET","InvocationConfig":{"ConnectionArn":"CONN"}},"End":true}
            """.Replace("PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal).Replace("CONN", Connection, StringComparison.Ordinal));
        var connections = "{\"" + Connection + "\":{\"AuthorizationType\":\"API_KEY\",\"AuthParameters\":{\"ApiKeyAuthParameters\":{\"ApiKeyName\":\"x-api-key\",\"ApiKeyValue\":\"ts-secret\"}}}}";

        var (exitCode, output, error) = CliRunner.Run("test-state", state, "--http-connections", connections, "--role-arn", "arn:aws:iam::123456789012:role/test");
        await served;

        Assert.True(exitCode == 0, output + error);
        Assert.Contains("ts-secret", output, StringComparison.Ordinal);
        Assert.Contains("\"status\":\"SUCCEEDED\"", output, StringComparison.Ordinal);
    }
}
