using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.ServeLoad;

/// <summary>
/// <c>ServeLoad [--endpoint http://127.0.0.1:8083] [--clients 50] [--seconds 60]</c>: each client loops
/// StartSyncExecution of a small Express machine, StartExecution of a small Standard machine and DescribeExecution
/// of the Standard execution it started before; then every Standard execution is checked to have SUCCEEDED.
/// Prints requests/s, p50/p99 latency, errors and lost executions; exit 1 when any error or loss.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var endpoint = new Uri(Option(args, "--endpoint", "http://127.0.0.1:8083"));
        var clients = int.Parse(Option(args, "--clients", "50"), CultureInfo.InvariantCulture);
        var seconds = double.Parse(Option(args, "--seconds", "60"), CultureInfo.InvariantCulture);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        using var http = new HttpClient(handler) { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(60) };
        var api = new WireClient(http);

        var suffix = DateTime.UtcNow.ToString("HHmmssfff", CultureInfo.InvariantCulture);
        var express = await api.CreateStateMachineAsync("LoadExpress" + suffix, "EXPRESS",
            """{"StartAt":"Add","States":{"Add":{"Type":"Pass","Parameters":{"n.$":"$.n","next.$":"States.MathAdd($.n, 1)"},"Next":"Done"},"Done":{"Type":"Pass","End":true}}}""").ConfigureAwait(false);
        var standard = await api.CreateStateMachineAsync("LoadStandard" + suffix, "STANDARD",
            """{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"ok":true},"ResultPath":"$.a","Next":"B"},"B":{"Type":"Pass","End":true}}}""").ConfigureAwait(false);

        Console.WriteLine($"ServeLoad: {clients} clients for {seconds} s against {endpoint}");
        var stats = new LoadStatistics();
        var started = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, clients).Select(c => RunClientAsync(api, c, express, standard, stats, started, stop.Token)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        var elapsed = watch.Elapsed.TotalSeconds;

        var lost = await CountLostAsync(api, started.ToList()).ConfigureAwait(false);
        var latencies = stats.Latencies();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"requests        {latencies.Length} in {elapsed:F1} s = {latencies.Length / elapsed:F0} requests/s"));
        foreach (var (action, values) in stats.ByAction())
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {action,-20} {values.Length,8}  p50 {Percentile(values, 0.50):F2} ms  p99 {Percentile(values, 0.99):F2} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency         p50 {Percentile(latencies, 0.50):F2} ms  p99 {Percentile(latencies, 0.99):F2} ms  max {latencies.DefaultIfEmpty().Max():F2} ms"));
        Console.WriteLine($"executions      {stats.SyncExecutions} sync express, {started.Count} standard");
        Console.WriteLine($"errors          {stats.Errors}");
        Console.WriteLine($"lost executions {lost}");
        foreach (var sample in stats.ErrorSamples)
        {
            Console.WriteLine("  error: " + sample);
        }

        return stats.Errors == 0 && lost == 0 ? 0 : 1;
    }

    private static async Task RunClientAsync(WireClient api, int client, string express, string standard, LoadStatistics stats, ConcurrentBag<string> started, CancellationToken stop)
    {
        string? previous = null;
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var n = (client * 1_000_000) + i;
            var sync = await stats.TimeAsync("StartSyncExecution", () => api.CallAsync("StartSyncExecution", new JsonObject { ["stateMachineArn"] = express, ["input"] = "{\"n\":" + n + "}" })).ConfigureAwait(false);
            if (sync is not null)
            {
                var output = sync["output"] is JsonNode o ? JsonNode.Parse(o.GetValue<string>()) : null;
                if (sync["status"]?.GetValue<string>() != "SUCCEEDED" || output?["next"]?.GetValue<long>() != n + 1)
                {
                    stats.Error("StartSyncExecution answered " + sync.ToJsonString());
                }
                else
                {
                    stats.SyncSucceeded();
                }
            }

            var name = "c" + client.ToString(CultureInfo.InvariantCulture) + "-" + i.ToString(CultureInfo.InvariantCulture);
            var start = await stats.TimeAsync("StartExecution", () => api.CallAsync("StartExecution", new JsonObject { ["stateMachineArn"] = standard, ["name"] = name, ["input"] = "{\"n\":" + n + "}" })).ConfigureAwait(false);
            if (start?["executionArn"]?.GetValue<string>() is { } arn)
            {
                started.Add(arn);
                if (previous is not null)
                {
                    var described = await stats.TimeAsync("DescribeExecution", () => api.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = previous })).ConfigureAwait(false);
                    if (described is not null && described["status"]?.GetValue<string>() is not ("SUCCEEDED" or "RUNNING"))
                    {
                        stats.Error("DescribeExecution answered " + described.ToJsonString());
                    }
                }

                previous = arn;
            }
        }
    }

    /// <summary>Executions that are missing or did not succeed (after up to 30 s for the last ones to finish).</summary>
    private static async Task<int> CountLostAsync(WireClient api, List<string> arns)
    {
        var lost = 0;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        await Parallel.ForEachAsync(arns, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (arn, cancellationToken) =>
        {
            while (true)
            {
                JsonObject? described;
                try
                {
                    described = await api.CallAsync("DescribeExecution", new JsonObject { ["executionArn"] = arn }).ConfigureAwait(false);
                }
                catch (HttpRequestException)
                {
                    described = null;
                }

                var status = described?["status"]?.GetValue<string>();
                if (status == "RUNNING" && DateTime.UtcNow < deadline)
                {
                    await Task.Delay(50, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (status != "SUCCEEDED")
                {
                    Interlocked.Increment(ref lost);
                }

                return;
            }
        }).ConfigureAwait(false);
        return lost;
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}

/// <summary>Calls actions over AWS JSON 1.0.</summary>
internal sealed class WireClient(HttpClient http)
{
    private static readonly MediaTypeHeaderValue ContentType = new("application/x-amz-json-1.0");

    public async Task<string> CreateStateMachineAsync(string name, string type, string definition)
    {
        var created = await CallAsync("CreateStateMachine", new JsonObject
        {
            ["name"] = name,
            ["type"] = type,
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::123456789012:role/StatesExecutionRole",
        }).ConfigureAwait(false);
        return created["stateMachineArn"]!.GetValue<string>();
    }

    /// <summary>Sends an action; throws <see cref="HttpRequestException"/> with the AWS error when it is not 200.</summary>
    public async Task<JsonObject> CallAsync(string action, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body.ToJsonString(), Encoding.UTF8) };
        request.Content.Headers.ContentType = ContentType;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "AWSStepFunctions." + action);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(action + " answered " + (int)response.StatusCode + ": " + text);
        }

        return JsonNode.Parse(text)!.AsObject();
    }
}

/// <summary>Latencies per action, errors and a few error samples; thread-safe.</summary>
internal sealed class LoadStatistics
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<double>> _latencies = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _samples = new();
    private long _errors;
    private long _syncExecutions;

    public long Errors => Interlocked.Read(ref _errors);

    public long SyncExecutions => Interlocked.Read(ref _syncExecutions);

    public IEnumerable<string> ErrorSamples => _samples;

    public void SyncSucceeded() => Interlocked.Increment(ref _syncExecutions);

    public void Error(string message)
    {
        if (Interlocked.Increment(ref _errors) <= 10)
        {
            _samples.Enqueue(message);
        }
    }

    /// <summary>Times one call; null (and an error counted) when it failed.</summary>
    public async Task<JsonObject?> TimeAsync(string action, Func<Task<JsonObject>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call().ConfigureAwait(false);
            _latencies.GetOrAdd(action, _ => new ConcurrentQueue<double>()).Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            Error(e.Message);
            return null;
        }
    }

    public double[] Latencies() => _latencies.Values.SelectMany(q => q).Order().ToArray();

    public IEnumerable<(string Action, double[] Values)> ByAction() =>
        _latencies.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value.Order().ToArray()));
}
