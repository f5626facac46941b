using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tasks;

/// <summary>The HTTP Task's resource and the names AWS gives its headers and errors.</summary>
public static class HttpTask
{
    /// <summary>The HTTP Task resource.</summary>
    public const string Resource = "arn:aws:states:::http:invoke";

    /// <summary>The User-Agent Step Functions sends, followed by the region.</summary>
    public const string UserAgentPrefix = "Amazon|StepFunctions|HttpInvoke|";

    /// <summary>The Range header Step Functions sends (the first 256 KiB of the response).</summary>
    public const string Range = "bytes=0-262144";

    /// <summary>The error of a non-2xx response, followed by the status code (e.g. <c>States.Http.StatusCode.404</c>).</summary>
    public const string StatusCodeErrorPrefix = "States.Http.StatusCode.";

    /// <summary>The error of a request that timed out (after 60 seconds) or could not reach the endpoint.</summary>
    public const string SocketError = "States.Http.Socket";

    /// <summary>The error of a connection ARN that does not resolve.</summary>
    public const string ConnectionNotFoundError = "Events.ConnectionResource.ResourceNotFound";

    /// <summary>The error of a connection that cannot authorize (e.g. its OAuth token request failed).</summary>
    public const string InvalidConnectionStateError = "Events.ConnectionResource.InvalidConnectionState";

    /// <summary>The error of a connection provider that failed unexpectedly.</summary>
    public const string ConnectionInternalError = "Events.ConnectionResource.InternalError";
}

/// <summary>Settings of an <see cref="HttpTaskHandler"/>.</summary>
public sealed class HttpTaskOptions
{
    /// <summary>The region in the User-Agent header (<c>Amazon|StepFunctions|HttpInvoke|region</c>). Default <c>us-east-1</c>.</summary>
    public string Region { get; init; } = "us-east-1";

    /// <summary>How long one request may take before it fails with <c>States.Http.Socket</c> (AWS: 60 seconds).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest response body read, in bytes (AWS: 256 KiB); a larger one fails with <c>States.DataLimitExceeded</c>. 0: no limit.</summary>
    public int MaxResponseBytes { get; init; } = 256 * 1024;

    /// <summary>The clock of the request timeout and of OAuth token expiry. Default: the system clock (requests take real time).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}

/// <summary>
/// The HTTP Task (<c>arn:aws:states:::http:invoke</c>) as a real call through <see cref="HttpClient"/>: ApiEndpoint,
/// Method, Headers, QueryParameters, RequestBody and Transform from the task's arguments, authorization and extra
/// parameters from the EventBridge connection an <see cref="IHttpConnectionProvider"/> resolves. The result is
/// <c>{"Headers":{name:[values]},"ResponseBody":...,"StatusCode":N,"StatusText":"..."}</c> (a JSON body parsed); a
/// non-2xx status fails with <c>States.Http.StatusCode.N</c>. The kernel registers one by default for the resource;
/// register an instance yourself to use it under another name or with other settings.
/// </summary>
public sealed class HttpTaskHandler
{
    // Redirects are not followed: a connection's API key header would go along to whatever host a redirect names.
    // A 3xx answer fails the task with its status code like any other non-2xx one.
    private static readonly Lazy<HttpClient> SharedClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AllowAutoRedirect = false,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    });

    // Longer delays than a timer takes are no limit at all.
    private static readonly TimeSpan MaxTimer = TimeSpan.FromDays(24);

    private readonly Func<HttpClient> _client;
    private readonly IHttpConnectionProvider? _connections;
    private readonly HttpTaskOptions _options;
    private readonly ConcurrentDictionary<string, OAuthToken> _tokens = new(StringComparer.Ordinal);

    /// <summary>Creates a handler that sends through <paramref name="httpClient"/> (one long-lived client).</summary>
    public HttpTaskHandler(HttpClient httpClient, IHttpConnectionProvider? connections = null, HttpTaskOptions? options = null)
        : this(Checked(httpClient), connections, options)
    {
    }

    /// <summary>Creates a handler that asks <paramref name="httpClientFactory"/> for a client per call (e.g. <c>() => factory.CreateClient("asl")</c> over IHttpClientFactory).</summary>
    public HttpTaskHandler(Func<HttpClient> httpClientFactory, IHttpConnectionProvider? connections = null, HttpTaskOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _client = httpClientFactory;
        _connections = connections;
        _options = options ?? new HttpTaskOptions();
        if (_options.RequestTimeout <= TimeSpan.Zero && _options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "HttpTaskOptions.RequestTimeout must be positive or Timeout.InfiniteTimeSpan.");
        }

        if (_options.MaxResponseBytes < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "HttpTaskOptions.MaxResponseBytes must not be negative.");
        }
    }

    /// <summary>A handler over a process-wide shared client (no client given).</summary>
    internal HttpTaskHandler(IHttpConnectionProvider? connections, HttpTaskOptions options)
        : this(() => SharedClient.Value, connections, options)
    {
    }

    /// <summary>Told of each call's request and response (TestState's TRACE level).</summary>
    internal Action<HttpTaskExchange>? Observer { get; init; }

    /// <summary>
    /// The executions' virtual clock, if they run on one (the CLI's default): held while a call is in flight, so virtual
    /// time does not jump past the state's timeout while the real network is still answering.
    /// </summary>
    internal Timing.VirtualTimeProvider? HeldClock { get; init; }

    /// <summary>The <see cref="TaskHandler"/>: sends the request the invocation's input describes and returns the result.</summary>
    public ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return new ValueTask<JsonValue>(SendAsync(invocation.Input, invocation.Timeout, invocation.CancellationToken));
    }

    /// <summary>
    /// Sends the request that <paramref name="arguments"/> (the task's Parameters or Arguments) describe and returns the
    /// result; failures throw <see cref="TaskFailedException"/> with AWS's error names. For code that is not a kernel
    /// handler, e.g. a generated class's handler method for the resource.
    /// </summary>
    public ValueTask<JsonValue> InvokeAsync(JsonValue arguments, CancellationToken cancellationToken = default) =>
        new(SendAsync(arguments, null, cancellationToken));

    private static Func<HttpClient> Checked(HttpClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return () => client;
    }

    private async Task<JsonValue> SendAsync(JsonValue arguments, TimeSpan? stateTimeout, CancellationToken cancellationToken)
    {
        using var hold = HeldClock?.HoldAdvance();
        var exchange = Observer is null ? null : new HttpTaskExchange();
        try
        {
            var request = HttpTaskRequest.Parse(arguments);
            if (exchange is not null)
            {
                exchange.RedactedRequest = request.Plan(null, [], _options.Region);
            }

            if (request.ConnectionArn is not { } arn)
            {
                throw HttpTaskRequest.Runtime("The HTTP Task requires InvocationConfig.ConnectionArn (or Authentication.ConnectionArn): the EventBridge connection that authorizes the call.");
            }

            // The request timeout covers the whole call, token request included; a shorter state timeout cuts it too.
            var limit = stateTimeout is { } t && (t < _options.RequestTimeout || _options.RequestTimeout == Timeout.InfiniteTimeSpan) ? t : _options.RequestTimeout;
            using var timeout = new CancellationTokenSource(limit > MaxTimer ? Timeout.InfiniteTimeSpan : limit, _options.TimeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                var client = _client();
                var connection = await ResolveAsync(arn, linked.Token).ConfigureAwait(false);
                var authorization = await AuthorizeAsync(client, arn, connection, linked.Token).ConfigureAwait(false);
                var plan = request.Plan(connection, authorization, _options.Region);
                if (exchange is not null)
                {
                    exchange.Request = plan;
                }

                var response = await ExchangeAsync(client, plan, arn, connection, linked.Token).ConfigureAwait(false);
                if (exchange is not null)
                {
                    exchange.Response = response.Record;
                }

                if (response.Record.StatusCode is < 200 or > 299)
                {
                    throw new TaskFailedException(HttpTask.StatusCodeErrorPrefix + response.Record.StatusCode.ToString(CultureInfo.InvariantCulture), response.Record.StatusText);
                }

                return response.Result;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                if (limit != _options.RequestTimeout)
                {
                    throw new TaskFailedException(StatesErrors.Timeout, (string?)null);
                }

                throw new TaskFailedException(HttpTask.SocketError, "The HTTP request to " + request.Endpoint.GetLeftPart(UriPartial.Path) + " timed out after " + FormatSeconds(limit) + ".");
            }
        }
        finally
        {
            if (exchange is not null)
            {
                Observer!(exchange);
            }
        }
    }

    private async Task<HttpConnection> ResolveAsync(string arn, CancellationToken cancellationToken)
    {
        if (_connections is null)
        {
            throw new TaskFailedException(HttpTask.ConnectionNotFoundError, "No HTTP connection provider is configured (ExecutionOptions.HttpConnections), so the connection '" + arn + "' cannot be resolved.");
        }

        HttpConnection? connection;
        try
        {
            connection = await _connections.GetConnectionAsync(arn, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not TaskFailedException and not OperationCanceledException)
        {
            throw new TaskFailedException(HttpTask.ConnectionInternalError, "The connection provider failed to resolve '" + arn + "': " + e.Message);
        }

        return connection ?? throw new TaskFailedException(HttpTask.ConnectionNotFoundError, "The connection '" + arn + "' does not exist.");
    }

    /// <summary>The headers that authorize a call through the connection (none for <see cref="HttpConnectionAuthorizationType.None"/>).</summary>
    private async Task<IReadOnlyList<KeyValuePair<string, string>>> AuthorizeAsync(HttpClient client, string arn, HttpConnection connection, CancellationToken cancellationToken)
    {
        switch (connection.AuthorizationType)
        {
            case HttpConnectionAuthorizationType.ApiKey:
                if (string.IsNullOrEmpty(connection.ApiKeyName) || connection.ApiKeyValue is null)
                {
                    throw new TaskFailedException(HttpTask.InvalidConnectionStateError, "The API key connection '" + arn + "' has no ApiKeyName or ApiKeyValue.");
                }

                return [new(connection.ApiKeyName, connection.ApiKeyValue)];
            case HttpConnectionAuthorizationType.Basic:
                if (connection.Username is null || connection.Password is null)
                {
                    throw new TaskFailedException(HttpTask.InvalidConnectionStateError, "The basic connection '" + arn + "' has no Username or Password.");
                }

                return [new("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(connection.Username + ":" + connection.Password)))];
            case HttpConnectionAuthorizationType.OAuthClientCredentials:
                var token = await OAuthTokenAsync(client, arn, connection, cancellationToken).ConfigureAwait(false);
                return [new("Authorization", token)];
            default:
                return [];
        }
    }

    private async Task<string> OAuthTokenAsync(HttpClient client, string arn, HttpConnection connection, CancellationToken cancellationToken)
    {
        var oauth = connection.OAuth ?? throw new TaskFailedException(HttpTask.InvalidConnectionStateError, "The OAuth connection '" + arn + "' has no OAuth settings.");
        var key = arn + "\n" + oauth.AuthorizationEndpoint + "\n" + oauth.ClientId;
        var now = _options.TimeProvider.GetUtcNow();
        if (_tokens.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return cached.Header;
        }

        if (!Uri.TryCreate(oauth.AuthorizationEndpoint, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp))
        {
            throw new TaskFailedException(HttpTask.InvalidConnectionStateError, "The OAuth connection '" + arn + "' has an AuthorizationEndpoint that is not an absolute https URL.");
        }

        if (!HttpOAuthClientCredentials.IsTokenMethod(oauth.HttpMethod))
        {
            throw new TaskFailedException(HttpTask.InvalidConnectionStateError, "The OAuth connection '" + arn + "' has an HttpMethod that is not GET, POST or PUT.");
        }

        var url = new StringBuilder(endpoint.GetLeftPart(UriPartial.Query));
        var separator = endpoint.Query.Length > 1 ? "&" : "?";
        foreach (var (name, value) in oauth.QueryStringParameters)
        {
            url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = "&";
        }

        var form = new List<KeyValuePair<string, string>> { new("grant_type", "client_credentials") };
        foreach (var parameter in oauth.BodyParameters)
        {
            form.RemoveAll(p => p.Key == parameter.Key);
            form.Add(parameter);
        }

        using var request = new HttpRequestMessage(new HttpMethod(oauth.HttpMethod.ToUpperInvariant()), url.ToString());
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(oauth.ClientId + ":" + oauth.ClientSecret)));
        foreach (var (name, value) in oauth.HeaderParameters)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Content = new FormUrlEncodedContent(form);
        string text;
        HttpStatusCode status;
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new TaskFailedException(HttpTask.InvalidConnectionStateError, "The OAuth token request of the connection '" + arn + "' failed: " + e.Message);
        }

        if ((int)status is < 200 or > 299 || !JsonValue.TryParse(text, out var json, out _) || !json["access_token"].TryGetString(out var accessToken) || accessToken.Length == 0)
        {
            throw new TaskFailedException(HttpTask.InvalidConnectionStateError, "The OAuth token request of the connection '" + arn + "' was refused (HTTP " + ((int)status).ToString(CultureInfo.InvariantCulture) + ").");
        }

        var type = json["token_type"].TryGetString(out var tokenType) && tokenType.Length > 0 && !tokenType.Equals("bearer", StringComparison.OrdinalIgnoreCase) ? tokenType : "Bearer";
        var header = type + " " + accessToken;

        // Renew a little early so a token does not expire in flight; without expires_in, ask again next time.
        if (json["expires_in"].TryGetInt64(out var seconds) && seconds > 10)
        {
            _tokens[key] = new OAuthToken(header, now.AddSeconds(seconds - 10));
        }

        return header;
    }

    private async Task<(HttpResponseRecord Record, JsonValue Result)> ExchangeAsync(HttpClient client, HttpRequestPlan plan, string arn, HttpConnection connection, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(plan.Method), plan.Url);
        if (plan.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(plan.Body));
        }

        foreach (var (name, value) in plan.SentHeaders)
        {
            if (request.Headers.TryAddWithoutValidation(name, value))
            {
                continue;
            }

            // Content headers (Content-Type, Content-Language ...) belong to the content, even an empty one.
            request.Content ??= new ByteArrayContent([]);
            if (!request.Content.Headers.TryAddWithoutValidation(name, value))
            {
                throw HttpTaskRequest.Runtime("The header '" + name + "' cannot be sent.");
            }
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new TaskFailedException(HttpTask.SocketError, "The HTTP request to " + request.RequestUri!.GetLeftPart(UriPartial.Path) + " failed: " + e.Message);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && e.InnerException is TimeoutException)
        {
            // The client's own HttpClient.Timeout ran out first.
            throw new TaskFailedException(HttpTask.SocketError, "The HTTP request to " + request.RequestUri!.GetLeftPart(UriPartial.Path) + " timed out.");
        }

        using (response)
        {
            if (response.StatusCode == HttpStatusCode.Unauthorized && connection.AuthorizationType == HttpConnectionAuthorizationType.OAuthClientCredentials && connection.OAuth is { } oauth)
            {
                // The token was refused: the next call asks for a new one.
                _tokens.TryRemove(arn + "\n" + oauth.AuthorizationEndpoint + "\n" + oauth.ClientId, out _);
            }

            var headers = new List<KeyValuePair<string, string>>();
            var grouped = new JsonObjectBuilder(8);
            var order = new List<string>();
            var values = new Dictionary<string, List<JsonValue>>(StringComparer.Ordinal);
            void Collect(HttpHeaders collection)
            {
                foreach (var (name, items) in collection.NonValidated)
                {
                    var lower = name.ToLowerInvariant();
                    if (!values.TryGetValue(lower, out var list))
                    {
                        values[lower] = list = [];
                        order.Add(lower);
                    }

                    foreach (var item in items)
                    {
                        list.Add(item);
                        headers.Add(new(lower, item));
                    }
                }
            }

            Collect(response.Headers);
            Collect(response.Content.Headers);
            foreach (var name in order)
            {
                grouped.Set(name, JsonValue.FromArray(JsonArrayValue.Create(values[name])));
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant() ?? string.Empty;
            if (mediaType == "application/octet-stream" || mediaType.StartsWith("image/", StringComparison.Ordinal)
                || mediaType.StartsWith("video/", StringComparison.Ordinal) || mediaType.StartsWith("audio/", StringComparison.Ordinal))
            {
                throw HttpTaskRequest.Runtime("The HTTP response has the content type '" + mediaType + "', which an HTTP Task does not support.");
            }

            var bytes = await ReadBodyAsync(response.Content, cancellationToken).ConfigureAwait(false);
            string text;
            try
            {
                text = Decoding(response.Content.Headers.ContentType?.CharSet).GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                throw HttpTaskRequest.Runtime("The HTTP response body cannot be read as a valid string.");
            }

            var status = (int)response.StatusCode;
            var statusText = string.IsNullOrEmpty(response.ReasonPhrase) ? ReasonPhrase(status) : response.ReasonPhrase;
            var body = JsonValue.FromString(text);
            // A JSON body may begin with a byte order mark, which JSON readers of bytes skip (RFC 8259); it stayed a string.
            var json = text.StartsWith('\uFEFF') ? text[1..] : text;
            if ((mediaType == "application/json" || mediaType.EndsWith("+json", StringComparison.Ordinal)) && JsonValue.TryParse(json, out var parsed, out _))
            {
                body = parsed;
            }

            var result = JsonValue.CreateObject(
                new("Headers", JsonValue.FromObject(grouped.ToObject())),
                new("ResponseBody", body),
                new("StatusCode", status),
                new("StatusText", statusText));
            return (new HttpResponseRecord(status, statusText, headers, text), result);
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes > 0 ? _options.MaxResponseBytes : int.MaxValue - 1;
        if (content.Headers.ContentLength is { } declared && declared > limit)
        {
            throw TooLarge();
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw TooLarge();
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    // Named as the kernel names a service integration's result too large (its service, 'http'), so that a body just
    // past the limit and a result just past it read alike (they named the state and the service; an HTTP trial).
    private static TaskFailedException TooLarge() =>
        new(StatesErrors.DataLimitExceeded, ExecutionRun.ResultTooLarge(TaskResource.Split(HttpTask.Resource).ResourceType));

    private static Encoding Decoding(string? charset)
    {
        if (!string.IsNullOrEmpty(charset) && !charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return Encoding.GetEncoding(charset.Trim('"'), EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                // An unknown charset: read it as UTF-8.
            }
        }

        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    }

    private static string FormatSeconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " seconds";

    /// <summary>The RFC 9110 reason phrase (HTTP/2 responses carry none).</summary>
    private static string ReasonPhrase(int status) => status switch
    {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        407 => "Proxy Authentication Required",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        421 => "Misdirected Request",
        422 => "Unprocessable Content",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        _ => string.Empty,
    };

    private sealed record OAuthToken(string Header, DateTimeOffset Expires);
}
