using System;
using System.Collections.Generic;
using AslCompiler.Language.Jsonata;
using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Jsonata;

/// <summary>Which function library an expression sees.</summary>
public enum JsonataDialect
{
    /// <summary>Plain JSONata 2.0.6 (with <c>$eval</c>).</summary>
    Standard,

    /// <summary>
    /// Step Functions' JSONata: no <c>$eval</c>; <c>$partition</c>, <c>$range</c>, <c>$hash</c>, <c>$random([seed])</c>,
    /// <c>$uuid</c> and <c>$parse</c> added.
    /// </summary>
    StepFunctions,
}

/// <summary>Evaluation settings: function library, clock and guardrails.</summary>
public sealed record JsonataOptions
{
    /// <summary>Plain JSONata with default limits and the system clock.</summary>
    public static JsonataOptions Default { get; } = new();

    /// <summary>The Step Functions dialect with default limits and the system clock.</summary>
    public static JsonataOptions StepFunctions { get; } = new() { Dialect = JsonataDialect.StepFunctions };

    /// <summary>The function library.</summary>
    public JsonataDialect Dialect { get; init; } = JsonataDialect.Standard;

    /// <summary>The clock <c>$now()</c> and <c>$millis()</c> read (once per evaluation).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The deepest nesting of evaluation steps (user recursion included) before failing with <c>U1001</c>. Default 5000.</summary>
    public int MaxDepth { get; init; } = 5000;

    /// <summary>The longest an evaluation may run before failing with <c>U1001</c>. Default 10 seconds; <see cref="TimeSpan.Zero"/> for none.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The match timeout of each regular expression. Default 1 second.</summary>
    public TimeSpan RegexTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Creates random UUIDs for <c>$uuid()</c>, so tests can fix them; it takes precedence over <see cref="Random"/>.
    /// Null: a version 4 UUID drawn from <see cref="Random"/>, or <see cref="Guid.NewGuid"/> when that is null too.
    /// </summary>
    public Func<Guid>? UuidFactory { get; init; }

    /// <summary>
    /// The random source of <c>$random()</c> (without a seed; Step Functions' seeded <c>$random(seed)</c> does not draw
    /// from it), <c>$shuffle</c> and, without a <see cref="UuidFactory"/>, <c>$uuid()</c>. Null (the default):
    /// <see cref="System.Random.Shared"/>, and <see cref="Guid.NewGuid"/> for <c>$uuid()</c>. A state of an execution
    /// evaluates with the execution's source (<see cref="Execution.ExecutionOptions.Random"/>), so a seeded one gives the
    /// same values run after run. One evaluation draws from one thread; an instance that is not thread-safe must not be
    /// shared by evaluations running at the same time.
    /// </summary>
    public Random? Random
    {
        get => _random ?? RandomFrame?.Random;
        init => _random = value;
    }

    /// <summary>
    /// A journaled run's frame whose seeded generator <see cref="Random"/> is, asked only at a draw: the frame makes the
    /// generator then, and most evaluations never draw.
    /// </summary>
    internal Execution.StateFrame? RandomFrame { get; init; }

    private readonly Random? _random;
}

/// <summary>Variables visible to an expression (names without <c>$</c>), and <c>$states</c> in Step Functions.</summary>
public sealed class JsonataBindings
{
    private readonly Dictionary<string, JsonValue> _variables;

    private JsonataBindings(Dictionary<string, JsonValue> variables) => _variables = variables;

    /// <summary>No bindings.</summary>
    public static JsonataBindings Empty { get; } = new(new Dictionary<string, JsonValue>(StringComparer.Ordinal));

    /// <summary>The bound variables.</summary>
    public IReadOnlyDictionary<string, JsonValue> Variables => _variables;

    /// <summary>Bindings from a JSON object (each member a variable).</summary>
    public static JsonataBindings FromObject(JsonValue variables)
    {
        var dict = new Dictionary<string, JsonValue>(StringComparer.Ordinal);
        if (variables.TryGetObject(out var obj))
        {
            foreach (var member in obj.AsSpan())
            {
                dict[member.Key] = member.Value;
            }
        }

        return new JsonataBindings(dict);
    }

    /// <summary>A copy with <paramref name="name"/> (without <c>$</c>) bound to <paramref name="value"/>.</summary>
    public JsonataBindings With(string name, JsonValue value)
    {
        ArgumentNullException.ThrowIfNull(name);
        var dict = new Dictionary<string, JsonValue>(_variables, StringComparer.Ordinal) { [name] = value };
        return new JsonataBindings(dict);
    }

    /// <summary>
    /// A copy with <c>$states</c> bound as inside a Step Functions state: <c>input</c>, <c>context</c> and, when
    /// given, <c>result</c> and <c>errorOutput</c>.
    /// </summary>
    public JsonataBindings WithStates(JsonValue input, JsonValue context = default, JsonValue result = default, JsonValue errorOutput = default)
    {
        var builder = new JsonObjectBuilder(4);
        builder.Set("input", input.IsUndefined ? JsonValue.EmptyObject : input);
        builder.Set("context", context.IsUndefined ? JsonValue.EmptyObject : context);
        if (!result.IsUndefined)
        {
            builder.Set("result", result);
        }

        if (!errorOutput.IsUndefined)
        {
            builder.Set("errorOutput", errorOutput);
        }

        return With("states", JsonValue.FromObject(builder.ToObject()));
    }
}

/// <summary>A JSONata evaluation error: JSONata's code (<c>T2001</c>, <c>D3137</c>, <c>U1001</c>, <c>S0202</c>...), message and position.</summary>
public sealed record JsonataError
{
    /// <summary>Creates an error.</summary>
    public JsonataError(string code, string message, int position, string? token)
    {
        Code = code;
        Message = message;
        Position = position;
        Token = token;
    }

    /// <summary>JSONata's error code.</summary>
    public string Code { get; }

    /// <summary>The message in JSONata's wording.</summary>
    public string Message { get; }

    /// <summary>Offset in the expression the error refers to (-1 when unknown).</summary>
    public int Position { get; }

    /// <summary>The operator or function name involved, when known.</summary>
    public string? Token { get; }

    /// <summary><c>code: message</c>, as Step Functions puts it into a cause.</summary>
    public override string ToString() => Code + ": " + Message;
}

/// <summary>The outcome of <see cref="JsonataExpression.Evaluate"/>: a value (possibly undefined) or an error.</summary>
public readonly record struct JsonataResult
{
    private JsonataResult(JsonValue value, JsonataError? error)
    {
        Value = value;
        Error = error;
    }

    /// <summary>The value; <see cref="JsonValue.Undefined"/> when the expression produced nothing or failed.</summary>
    public JsonValue Value { get; }

    /// <summary>The error, when evaluation failed.</summary>
    public JsonataError? Error { get; }

    /// <summary>Whether evaluation succeeded (the value may still be undefined).</summary>
    public bool IsSuccess => Error is null;

    /// <summary>Whether evaluation succeeded with no value.</summary>
    public bool IsUndefined => Error is null && Value.IsUndefined;

    /// <summary>A success.</summary>
    public static JsonataResult Success(JsonValue value) => new(value, null);

    /// <summary>A failure.</summary>
    public static JsonataResult Failure(JsonataError error) => new(default, error ?? throw new ArgumentNullException(nameof(error)));
}

/// <summary>
/// A compiled JSONata expression: parse once, evaluate many times (thread-safe). Syntax errors do not throw: the
/// expression is kept with its <see cref="SyntaxError"/> and every evaluation returns it.
/// </summary>
public sealed class JsonataExpression
{
    private readonly JsonataCompiledBody? _body;

    private JsonataExpression(string text, JsonataNode? root, JsonataError? syntaxError, JsonataCompiledBody? body = null)
    {
        Text = text;
        Root = root;
        SyntaxError = syntaxError;
        _body = body;
    }

    /// <summary>The expression text.</summary>
    public string Text { get; }

    /// <summary>The syntax tree (null when the expression has a syntax error, or was compiled to C# by the source generator).</summary>
    public JsonataNode? Root { get; }

    /// <summary>The syntax error, when the expression does not parse.</summary>
    public JsonataError? SyntaxError { get; }

    /// <summary>Whether the expression parsed.</summary>
    public bool IsValid => Root is not null || _body is not null;

    /// <summary>Parses <paramref name="expression"/>.</summary>
    public static JsonataExpression Compile(string expression, JsonataParserOptions? parserOptions = null)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parsed = JsonataParser.Parse(expression, parserOptions);
        if (parsed.Success)
        {
            return new JsonataExpression(expression, parsed.Root, null);
        }

        var e = parsed.Error;
        return new JsonataExpression(expression, null, new JsonataError(e.Code, e.Message, e.End, e.Token));
    }

    /// <summary>
    /// An expression the source generator compiled to C#: <paramref name="body"/> computes the value the evaluator would
    /// compute for <paramref name="expression"/>, with the same bindings, library, errors and result conversion.
    /// </summary>
    internal static JsonataExpression FromCompiled(string expression, JsonataCompiledBody body) =>
        new(expression ?? throw new ArgumentNullException(nameof(expression)), null, null, body ?? throw new ArgumentNullException(nameof(body)));

    /// <summary>Evaluates against <paramref name="input"/> (what <c>$</c> refers to; undefined for none).</summary>
    public JsonataResult Evaluate(JsonValue input, JsonataBindings? bindings = null, JsonataOptions? options = null) =>
        EvaluateRaw(input, bindings, options).Result;

    /// <summary>Evaluates and also returns the evaluator's own value (so callers can tell a function from undefined).</summary>
    internal (object? Raw, JsonataResult Result) EvaluateRaw(JsonValue input, JsonataBindings? bindings, JsonataOptions? options)
    {
        if (Root is null && _body is null)
        {
            return (null, JsonataResult.Failure(SyntaxError!));
        }

        options ??= JsonataOptions.Default;
        var evaluator = new JsonataEvaluator(options);
        var previousDeadline = JsonataLimits.BeginEvaluation(evaluator.Deadline);
        try
        {
            object? value;
            if (_body is { } body)
            {
                var document = JsonataConvert.FromJson(input);
                var env = evaluator.CreateEnvironment(document, bindings);
                value = body(new JsonataScope(evaluator, env), JsonataEvaluator.WrapInput(document));
            }
            else
            {
                value = evaluator.Run(Root!, JsonataConvert.FromJson(input), bindings);
            }

            return (value, JsonataResult.Success(JsonataConvert.ToJson(value)));
        }
        catch (JsonataException e)
        {
            return (null, JsonataResult.Failure(new JsonataError(e.Code, e.Message, e.Position, e.Token)));
        }
        catch (InsufficientExecutionStackException)
        {
            return (null, JsonataResult.Failure(new JsonataError("U1001", "Stack overflow error: the expression nests too deeply", -1, null)));
        }
        catch (OutOfMemoryException)
        {
            // The size limits keep each string and array an expression builds small; this is the last resort when many
            // of them, or a value the runtime builds, still exhaust memory. What was built is unreachable once this returns.
            return (null, JsonataResult.Failure(new JsonataError("U1001", "Out of memory: the expression builds values too large to hold", -1, null)));
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            // Every regex use ($match, $replace, $split, $contains, ...) is bounded by RegexTimeout: past it, the same
            // guard error as RegexMatch reports, whichever function ran the pattern.
            return (null, JsonataResult.Failure(new JsonataError("U1001", "Regular expression evaluation timeout", -1, null)));
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or IndexOutOfRangeException or OverflowException
            or FormatException or InvalidOperationException or NullReferenceException)
        {
            // A defect or an unforeseen input shape: report it as an evaluation error rather than crash the caller.
            return (null, JsonataResult.Failure(new JsonataError("D0001", "Internal evaluation error: " + e.Message, -1, null)));
        }
        finally
        {
            JsonataLimits.EndEvaluation(previousDeadline);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Text;
}
