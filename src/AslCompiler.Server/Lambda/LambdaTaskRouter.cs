using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Server.Services;

namespace AslCompiler.Server.Lambda;

/// <summary>
/// Sends the Lambda tasks of executions (<c>arn:aws:lambda:...:function:NAME</c> resources and the
/// <c>arn:aws:states:::lambda:invoke</c> integration) to in-process <see cref="ILambdaFunction"/> classes by function
/// name, else to an HTTP endpoint speaking the Lambda Invoke API
/// (<c>POST {endpoint}/2015-03-31/functions/{name}/invocations</c>, like Step Functions Local's LAMBDA_ENDPOINT).
/// A function found in neither fails the task with <c>Lambda.ResourceNotFoundException</c>.
/// </summary>
public sealed class LambdaTaskRouter
{
    /// <summary>The optimized Lambda integration resource.</summary>
    public const string InvokeResource = "arn:aws:states:::lambda:invoke";

    private readonly Dictionary<string, ILambdaFunction> _functions;
    private readonly Uri? _endpoint;
    private readonly HttpClient _http;

    /// <summary>Creates a router.</summary>
    /// <param name="functions">In-process functions by name.</param>
    /// <param name="endpoint">The Lambda endpoint for functions not in <paramref name="functions"/>, or null.</param>
    /// <param name="http">The client for <paramref name="endpoint"/>; a new one when null.</param>
    public LambdaTaskRouter(IReadOnlyDictionary<string, ILambdaFunction> functions, Uri? endpoint = null, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(functions);
        _functions = new Dictionary<string, ILambdaFunction>(functions, StringComparer.Ordinal);
        _endpoint = endpoint;
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(15) };
    }

    /// <summary>The names of the in-process functions.</summary>
    public IReadOnlyCollection<string> FunctionNames => _functions.Keys;

    /// <summary>
    /// Loads the <see cref="ILambdaFunction"/> classes marked <see cref="LambdaFunctionAttribute"/> from an assembly.
    /// </summary>
    /// <param name="assemblyPath">The assembly file.</param>
    /// <returns>The functions by name.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="FormatException">The assembly has no functions, a class cannot be created, or two classes claim one name.</exception>
    public static IReadOnlyDictionary<string, ILambdaFunction> LoadFunctions(string assemblyPath)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        var full = Path.GetFullPath(assemblyPath);
        if (!File.Exists(full))
        {
            throw new FileNotFoundException("The handlers assembly does not exist: " + full, full);
        }

        var assembly = Assembly.LoadFrom(full);
        var functions = new Dictionary<string, ILambdaFunction>(StringComparer.Ordinal);
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            throw new FormatException(full + ": cannot load its types: " + e.LoaderExceptions.FirstOrDefault()?.Message, e);
        }

        foreach (var type in types.OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var names = type.GetCustomAttributes<LambdaFunctionAttribute>().Select(a => a.FunctionName).ToList();
            if (names.Count == 0)
            {
                continue;
            }

            if (type.IsAbstract || !typeof(ILambdaFunction).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new FormatException(type.FullName + " is marked [LambdaFunction] but is not a concrete ILambdaFunction with a public parameterless constructor.");
            }

            ILambdaFunction instance;
            try
            {
                instance = (ILambdaFunction)Activator.CreateInstance(type)!;
            }
            catch (TargetInvocationException e)
            {
                throw new FormatException(type.FullName + ": its constructor failed: " + e.InnerException?.Message, e);
            }

            foreach (var name in names)
            {
                if (!functions.TryAdd(name, instance))
                {
                    throw new FormatException("Two classes serve the Lambda function '" + name + "': " + functions[name].GetType().FullName + " and " + type.FullName + ".");
                }
            }
        }

        if (functions.Count == 0)
        {
            throw new FormatException(full + " has no public ILambdaFunction class marked [LambdaFunction(\"name\")].");
        }

        return functions;
    }

    /// <summary>Registers the Lambda resources of <paramref name="partition"/> with a task handler registry.</summary>
    /// <param name="registry">The registry of the execution options.</param>
    /// <param name="partition">The ARN partition (default <c>aws</c>).</param>
    public void RegisterWith(TaskHandlerRegistry registry, string partition = "aws")
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register("arn:" + partition + ":lambda:*", InvokeFunctionArnAsync);
        registry.Register(InvokeResource, InvokeIntegrationAsync);
        registry.Register(InvokeResource + ".waitForTaskToken", InvokeIntegrationAsync);
    }

    /// <summary>A Task whose resource is the function ARN: the effective input is the payload, the result the function's.</summary>
    private async ValueTask<JsonValue> InvokeFunctionArnAsync(TaskInvocation task)
    {
        var (name, qualifier) = ParseFunction(task.Resource);
        using var hold = _functions.ContainsKey(name) ? null : task.HoldClock();
        return await InvokeAsync(new LambdaInvocation(name, qualifier, task.Input, task.ExecutionArn, task.StateName, task.CancellationToken)).ConfigureAwait(false);
    }

    /// <summary><c>lambda:invoke</c>: <c>FunctionName</c> and <c>Payload</c> in, the Invoke API's response shape out.</summary>
    private async ValueTask<JsonValue> InvokeIntegrationAsync(TaskInvocation task)
    {
        if (!task.Input["FunctionName"].TryGetString(out var functionName))
        {
            throw new TaskFailedException("States.Runtime", "lambda:invoke needs a FunctionName string in its parameters.");
        }

        var (name, qualifier) = ParseFunction(functionName);
        if (task.Input["Qualifier"].TryGetString(out var explicitQualifier))
        {
            qualifier = explicitQualifier;
        }

        var payload = task.Input["Payload"].IsUndefined ? JsonValue.EmptyObject : task.Input["Payload"];

        // A call over HTTP holds a virtual clock until its result is made (see TaskInvocation.HoldClock).
        using var hold = _functions.ContainsKey(name) ? null : task.HoldClock();
        var result = await InvokeAsync(new LambdaInvocation(name, qualifier, payload, task.ExecutionArn, task.StateName, task.CancellationToken)).ConfigureAwait(false);
        return JsonValue.CreateObject(
            new("ExecutedVersion", qualifier ?? "$LATEST"),
            new("Payload", result.IsUndefined ? JsonValue.Null : result),
            new("SdkHttpMetadata", JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("HttpStatusCode", 200))),
            new("SdkResponseMetadata", JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("RequestId", Guid.NewGuid().ToString()))),
            new("StatusCode", 200));
    }

    /// <summary>Runs a function in-process or over HTTP.</summary>
    /// <param name="invocation">The call.</param>
    /// <returns>The function's result.</returns>
    /// <exception cref="TaskFailedException">The function failed or does not exist (with the error Step Functions reports).</exception>
    public ValueTask<JsonValue> InvokeAsync(LambdaInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (_functions.TryGetValue(invocation.FunctionName, out var function))
        {
            return function.InvokeAsync(invocation);
        }

        if (_endpoint is not null)
        {
            return InvokeOverHttpAsync(invocation);
        }

        throw new TaskFailedException("Lambda.ResourceNotFoundException", "Function not found: " + invocation.FunctionName + " (no in-process handler, and no --lambda-endpoint).");
    }

    private async ValueTask<JsonValue> InvokeOverHttpAsync(LambdaInvocation invocation)
    {
        var path = "2015-03-31/functions/" + Uri.EscapeDataString(invocation.FunctionName) + "/invocations"
            + (invocation.Qualifier is null ? string.Empty : "?Qualifier=" + Uri.EscapeDataString(invocation.Qualifier));
        var baseUri = _endpoint!.AbsoluteUri.EndsWith('/') ? _endpoint : new Uri(_endpoint.AbsoluteUri + "/");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, path))
        {
            Content = new StringContent(invocation.Payload.IsUndefined ? "{}" : invocation.Payload.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Amz-Invocation-Type", "RequestResponse");
        HttpResponseMessage response;
        string body;
        try
        {
            response = await _http.SendAsync(request, invocation.CancellationToken).ConfigureAwait(false);
            // Lambda's payloads are JSON, so UTF-8 whatever charset the endpoint declares: reading by a charset .NET
            // does not know (charset=bogus) threw an InvalidOperationException that failed the task under its .NET name.
            body = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(invocation.CancellationToken).ConfigureAwait(false));
        }
        catch (HttpRequestException e)
        {
            throw new TaskFailedException("Lambda.SdkClientException", "Unable to reach the Lambda endpoint " + _endpoint + ": " + e.Message);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var type = AwsSdkResults.Header(response, "x-amzn-ErrorType")
                    ?? (JsonValue.TryParse(body, out var error, out _) && (error["__type"].TryGetString(out var t) || error["Type"].TryGetString(out t)) ? t : "ServiceException");
                throw new TaskFailedException("Lambda." + AwsSdkResults.ErrorCode(type), body);
            }

            var result = body.Length == 0 ? JsonValue.Null : JsonValue.TryParse(body, out var parsed, out _) ? parsed : JsonValue.FromString(body);
            if (AwsSdkResults.Header(response, "X-Amz-Function-Error") is not null)
            {
                throw new TaskFailedException(result["errorType"].TryGetString(out var errorType) ? errorType : "Lambda.Unknown", body);
            }

            return result;
        }
    }

    /// <summary>
    /// The function name and qualifier from any form Lambda accepts: <c>NAME</c>, <c>NAME:QUALIFIER</c>,
    /// <c>ACCOUNT:function:NAME</c>, or the ARN <c>arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]</c>.
    /// </summary>
    internal static (string Name, string? Qualifier) ParseFunction(string function)
    {
        var parts = function.Split(':');
        var at = Array.IndexOf(parts, "function");
        if (at >= 0 && at + 1 < parts.Length)
        {
            return (parts[at + 1], at + 2 < parts.Length ? parts[at + 2] : null);
        }

        return parts.Length == 2 ? (parts[0], parts[1]) : (function, null);
    }
}
