using System.Diagnostics;
using System.Net.Http;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Cli.Tests;

/// <summary>
/// <c>asl serve --log-format simple|json</c>, run as a process (the console logger writes to the process's standard
/// error): a user trial found <c>json</c> printing the simple format.
/// </summary>
public sealed class ServeLogFormatTests
{
    [Theory]
    [InlineData("json")]
    [InlineData("simple")]
    public async Task A_refused_request_is_logged_in_the_chosen_format(string format)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "asl.dll"), "serve", "--port", "0", "--log-level", "Information", "--log-format", format })
        {
            start.ArgumentList.Add(arg);
        }

        using var child = Process.Start(start)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var listening = await child.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.StartsWith("asl serve: listening on ", listening, StringComparison.Ordinal);
            var url = listening!["asl serve: listening on ".Length..].Trim();

            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent("{}") };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-amz-json-1.0");
            request.Headers.Add("X-Amz-Target", "AWSStepFunctions.DescribeStateMachine");
            using var response = await http.SendAsync(request, timeout.Token);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);

            // The refusal is logged at Information: find its line.
            string? line;
            while ((line = await child.StandardError.ReadLineAsync(timeout.Token)) is not null && !line.Contains("DescribeStateMachine", StringComparison.Ordinal))
            {
            }

            Assert.NotNull(line);
            if (format == "json")
            {
                var entry = JsonValue.Parse(line);
                Assert.Equal("Information", entry["LogLevel"].GetString());
                Assert.Equal("AslCompiler.Server.Requests", entry["Category"].GetString());
                Assert.Contains("DescribeStateMachine", entry["Message"].GetString(), StringComparison.Ordinal);
            }
            else
            {
                Assert.StartsWith("info: AslCompiler.Server.Requests", line, StringComparison.Ordinal);
            }
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
    }
}
