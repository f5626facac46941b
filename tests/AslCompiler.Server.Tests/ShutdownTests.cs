using System.Diagnostics;
using System.Net;

namespace AslCompiler.Server.Tests;

public sealed class ShutdownTests
{
    [Fact]
    public async Task Stopping_ends_a_long_poll_in_flight_and_refuses_new_connections()
    {
        await using var server = await ServerHarness.StartAsync(new StepFunctionsServerOptions { Port = 0, ShutdownTimeout = TimeSpan.FromSeconds(5) });
        var activity = (await server.CallAsync("CreateActivity", new { name = "Idle" }))["activityArn"]!.GetValue<string>();
        var poll = server.SendAsync("GetActivityTask", new { activityArn = activity });
        await Task.Delay(200);
        var watch = Stopwatch.StartNew();
        await server.StopAsync();
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(6), watch.Elapsed.ToString());
        var answered = await poll;
        Assert.True(answered.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, answered.Status.ToString());
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => server.Client.GetAsync("/health"));
    }
}
