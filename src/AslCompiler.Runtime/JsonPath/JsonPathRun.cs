using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using AslCompiler.Language.JsonPath;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.JsonPath;

/// <summary>
/// What one evaluation of an indefinite path may spend before it fails: steps (nodes visited, filter tests, items
/// compared, matches produced) and time matching regular expressions.
/// </summary>
/// <param name="MaxSteps">The steps one evaluation may take.</param>
/// <param name="RegexTime">The time all regular-expression matches of one evaluation may take together.</param>
internal sealed record JsonPathLimits(long MaxSteps, TimeSpan RegexTime)
{
    /// <summary>
    /// 5,000,000 steps: a payload is at most 256 KiB, so at most about 131,000 nodes (two characters each); that is
    /// over 35 walks of the largest possible payload, so no real path comes near it, while the costly shapes stop
    /// early: chained <c>..</c> over deep nesting (O(depth^k)), <c>$</c>-rooted scans inside a filter (one per item).
    /// 1 second of regular-expression time: what each match had before, now for the whole evaluation.
    /// </summary>
    public static JsonPathLimits Default { get; } = new(5_000_000, TimeSpan.FromSeconds(1));
}

/// <summary>Ends one evaluation with a <c>States.Runtime</c> failure whose cause is the message (after the path).</summary>
internal sealed class JsonPathRunException : Exception
{
    public JsonPathRunException()
    {
    }

    public JsonPathRunException(string message)
        : base(message)
    {
    }

    public JsonPathRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// One evaluation of an indefinite path: the document <c>$</c> names inside filters, the context, and what is left of
/// the <see cref="JsonPathLimits"/>. Past a limit it throws <see cref="JsonPathRunException"/>, which the evaluator
/// turns into the path's failure.
/// </summary>
internal sealed class JsonPathRun
{
    // A match may run for the largest of the budget's halvings (1, 1/2, ... 1/64 of it) that still fits in what is
    // left, so all matches together stay within the budget; each halving is its own Regex (a Regex's timeout is fixed
    // when it is built), built when first needed.
    private const int TimeoutSteps = 7;
    private const int MaxCachedPatterns = 1000;

    private static readonly ConcurrentDictionary<(string Pattern, string Flags), CompiledPattern> Patterns = new();
    private static readonly ConditionalWeakTable<JsonPathExpression, StrongBox<string?>> RegexChecks = new();

    private readonly JsonPathLimits _limits;
    private long _stepsLeft;
    private TimeSpan _regexTimeLeft;

    public JsonPathRun(JsonValue document, EvaluationContext context, JsonPathLimits limits)
    {
        Document = document;
        Context = context;
        _limits = limits;
        _stepsLeft = limits.MaxSteps;
        _regexTimeLeft = limits.RegexTime;
    }

    /// <summary>What <c>$</c> names inside a filter: the state input.</summary>
    public JsonValue Document { get; }

    /// <summary>The context object and variables.</summary>
    public EvaluationContext Context { get; }

    /// <summary>Counts <paramref name="count"/> steps; past the limit the evaluation fails.</summary>
    public void Spend(long count)
    {
        _stepsLeft -= count;
        if (_stepsLeft < 0)
        {
            throw new JsonPathRunException(string.Create(
                CultureInfo.InvariantCulture,
                $"The evaluation needs more than {_limits.MaxSteps} steps (nodes visited, items tested, matches produced), the limit of one evaluation."));
        }
    }

    /// <summary>Adds a match (one step).</summary>
    public void Add(List<JsonValue> output, JsonValue value)
    {
        Spend(1);
        output.Add(value);
    }

    /// <summary>
    /// Whether the whole of <paramref name="text"/> matches the regular expression (Java's <c>Matcher.matches()</c>),
    /// within the regular-expression time left; a match that would go past it fails the evaluation.
    /// </summary>
    public bool Matches(JsonPathLiteralOperand regex, string text)
    {
        var pattern = Compile(regex);
        if (pattern.Error is not null)
        {
            throw new JsonPathRunException(pattern.Error);
        }

        var step = 0;
        while (step < TimeoutSteps - 1 && Timeout(step) > _regexTimeLeft)
        {
            step++;
        }

        if (Timeout(step) > _regexTimeLeft)
        {
            throw RegexTimeSpent(regex);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            return pattern.WithTimeout(Timeout(step)).IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            throw RegexTimeSpent(regex);
        }
        finally
        {
            _regexTimeLeft -= Stopwatch.GetElapsedTime(started);
        }
    }

    /// <summary>
    /// Why a regular expression of <paramref name="path"/> (or of a path inside its filters) cannot be used, or null
    /// when all can. Checked once per parsed path, before any item is tested: Jayway compiles the patterns with the
    /// path, so an invalid one fails even when nothing is tested.
    /// </summary>
    public static string? InvalidRegex(JsonPathExpression path) =>
        RegexChecks.GetValue(path, static p => new StrongBox<string?>(FirstInvalidRegex(p))).Value;

    private TimeSpan Timeout(int step) => TimeSpan.FromTicks(_limits.RegexTime.Ticks >> step);

    private JsonPathRunException RegexTimeSpent(JsonPathLiteralOperand regex) => new(string.Create(
        CultureInfo.InvariantCulture,
        $"Matching the regular expression /{regex.Text}/{regex.Flags} takes longer than the {_limits.RegexTime.TotalMilliseconds} ms that one evaluation may spend on regular expressions."));

    private static CompiledPattern Compile(JsonPathLiteralOperand regex)
    {
        var key = (regex.Text, regex.Flags);
        if (Patterns.TryGetValue(key, out var pattern))
        {
            return pattern;
        }

        if (Patterns.Count >= MaxCachedPatterns)
        {
            Patterns.Clear();
        }

        return Patterns.GetOrAdd(key, static k => new CompiledPattern(k.Pattern, k.Flags));
    }

    private static string? FirstInvalidRegex(JsonPathExpression path)
    {
        foreach (var segment in path.Segments)
        {
            var filter = segment switch
            {
                JsonPathFilterSegment f => f.Filter,
                JsonPathDescendantSegment { Selector: JsonPathFilterSegment f } => f.Filter,
                _ => null,
            };
            if (filter is not null && FirstInvalidRegex(filter) is { } error)
            {
                return error;
            }
        }

        return null;
    }

    private static string? FirstInvalidRegex(JsonPathFilter filter) => filter switch
    {
        JsonPathLogicalFilter logical => FirstInvalidRegex(logical.Left) ?? FirstInvalidRegex(logical.Right),
        JsonPathNotFilter not => FirstInvalidRegex(not.Operand),
        JsonPathExistsFilter exists => FirstInvalidRegex(exists.Operand),
        JsonPathComparisonFilter comparison => FirstInvalidRegex(comparison.Left) ?? FirstInvalidRegex(comparison.Right),
        _ => null,
    };

    private static string? FirstInvalidRegex(JsonPathOperand operand) => operand switch
    {
        JsonPathPathOperand path => FirstInvalidRegex(path.Path),
        JsonPathLiteralOperand { Kind: JsonPathLiteralKind.Regex } regex => Compile(regex).Error,
        _ => null,
    };

    /// <summary>A pattern read once: why it is not valid, or its anchored Regex for each timeout used.</summary>
    private sealed class CompiledPattern
    {
        private readonly string _anchored = string.Empty;
        private readonly RegexOptions _options;
        private readonly ConcurrentDictionary<TimeSpan, Regex> _byTimeout = new();

        public CompiledPattern(string pattern, string flags)
        {
            _options = JavaRegexTranslator.Options(flags);
            try
            {
                // Java's syntax and classes as .NET writes them. Translated alone first: wrapped in the anchors, an
                // unbalanced ')' would close the group early and "x)|(.*" would read as "\A(?:x)|(.*)\z".
                var translated = JavaRegexTranslator.Translate(pattern, flags);
                _ = new Regex(translated, _options);
                _anchored = @"\A(?:" + translated + @")\z";
                _ = new Regex(_anchored, _options);
            }
            catch (ArgumentException e)
            {
                Error = "The regular expression /" + pattern + "/" + flags + " is not valid: " + e.Message;
            }
        }

        public string? Error { get; }

        public Regex WithTimeout(TimeSpan timeout) =>
            _byTimeout.TryGetValue(timeout, out var regex) ? regex : _byTimeout.GetOrAdd(timeout, t => new Regex(_anchored, _options, t));
    }
}
