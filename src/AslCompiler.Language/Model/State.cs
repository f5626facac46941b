using System.Collections.Generic;
using AslCompiler.Language.Json;
using AslCompiler.Language.Text;

namespace AslCompiler.Language.Model;

/// <summary>
/// A state: one member of a <c>States</c> object. Each state type has its own sealed class;
/// <see cref="UnknownState"/> stands for a state whose <c>Type</c> is missing or not recognised.
/// </summary>
public abstract class State : AslNode
{
    /// <summary>Fields every state type documents.</summary>
    private protected static readonly string[] CommonFields = { "Type", "QueryLanguage", "Comment" };

    private protected State(JsonPropertySyntax member, JsonObjectSyntax syntax, FieldSet fields, ModelBuildContext context)
        : base(syntax, fields)
    {
        Member = member;
        TypeName = FieldReader.String(syntax, "Type");
        Comment = FieldReader.String(syntax, "Comment");
        QueryLanguage = FieldReader.Enum(syntax, "QueryLanguage", AslKeywords.ParseQueryLanguage);
        Next = FieldReader.String(syntax, "Next");
        End = FieldReader.Boolean(syntax, "End");
        EffectiveQueryLanguage = QueryLanguage is { } own && own != Model.QueryLanguage.Unknown
            ? own
            : context.TopLevelQueryLanguage ?? Model.QueryLanguage.JsonPath;
    }

    /// <summary>The state's name: the member name in <c>States</c>.</summary>
    public string Name => Member.Name;

    /// <summary>Where the state's name (with its quotes) is in the source.</summary>
    public SourceSpan NameSpan => Member.NameSpan;

    /// <summary>The member of <c>States</c> that holds this state.</summary>
    public JsonPropertySyntax Member { get; }

    /// <summary>The state type.</summary>
    public abstract StateType Type { get; }

    /// <summary>The raw <c>Type</c> string, if the field is a string.</summary>
    public string? TypeName { get; }

    /// <summary><c>Comment</c>.</summary>
    public string? Comment { get; }

    /// <summary>The state's own <c>QueryLanguage</c>, if the field is a string.</summary>
    public QueryLanguage? QueryLanguage { get; }

    /// <summary>
    /// The language the state's fields are in: its own <see cref="QueryLanguage"/> when it names a known one,
    /// else the definition's top-level QueryLanguage when that names a known one, else JSONPath.
    /// </summary>
    public QueryLanguage EffectiveQueryLanguage { get; }

    /// <summary>
    /// <c>Next</c>, if the field is a string. Documented for Pass, Task, Wait, Parallel and Map; on other
    /// types it is also an unknown field, read here so the validator can name the transition.
    /// </summary>
    public string? Next { get; }

    /// <summary><c>End</c>, if the field is a boolean (documented for Pass, Task, Wait, Parallel and Map).</summary>
    public bool? End { get; }

    /// <summary>The catchers of a Task, Parallel or Map state (none for the other types).</summary>
    public IReadOnlyList<Catcher> Catchers => this switch
    {
        TaskState task => task.Catch ?? System.Array.Empty<Catcher>(),
        ParallelState parallel => parallel.Catch ?? System.Array.Empty<Catcher>(),
        MapState map => map.Catch ?? System.Array.Empty<Catcher>(),
        _ => System.Array.Empty<Catcher>(),
    };

    /// <summary>
    /// Every transition out of the state, with the string that names its target: <c>Next</c>, a Choice state's
    /// <c>Default</c> and its rules' <c>Next</c>, and the catchers' <c>Next</c>.
    /// </summary>
    /// <returns>The transitions, in that order.</returns>
    public IEnumerable<(JsonStringSyntax Node, string Target)> Transitions()
    {
        if (Syntax["Next"] is JsonStringSyntax next)
        {
            yield return (next, next.Value);
        }

        if (this is ChoiceState choice)
        {
            if (choice.Syntax["Default"] is JsonStringSyntax defaultTarget)
            {
                yield return (defaultTarget, defaultTarget.Value);
            }

            foreach (var rule in choice.Choices ?? System.Array.Empty<ChoiceRule>())
            {
                if (rule.Syntax["Next"] is JsonStringSyntax ruleNext)
                {
                    yield return (ruleNext, ruleNext.Value);
                }
            }
        }

        foreach (var catcher in Catchers)
        {
            if (catcher.Syntax["Next"] is JsonStringSyntax catchNext)
            {
                yield return (catchNext, catchNext.Value);
            }
        }
    }

    /// <summary>Whether the state ends its graph: Succeed, Fail, or <c>"End": true</c>.</summary>
    public bool IsTerminal => Type is StateType.Succeed or StateType.Fail || End == true;

    internal static State Create(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
    {
        var type = FieldReader.String(syntax, "Type") is { } name ? AslKeywords.ParseStateType(name) : StateType.Unknown;
        return type switch
        {
            StateType.Pass => new PassState(member, syntax, context),
            StateType.Task => new TaskState(member, syntax, context),
            StateType.Choice => new ChoiceState(member, syntax, context),
            StateType.Wait => new WaitState(member, syntax, context),
            StateType.Succeed => new SucceedState(member, syntax, context),
            StateType.Fail => new FailState(member, syntax, context),
            StateType.Parallel => new ParallelState(member, syntax, context),
            StateType.Map => new MapState(member, syntax, context),
            _ => new UnknownState(member, syntax, context),
        };
    }

    private protected static FieldSet MakeFields(params string[] specific)
    {
        var names = new string[CommonFields.Length + specific.Length];
        CommonFields.CopyTo(names, 0);
        specific.CopyTo(names, CommonFields.Length);
        return new FieldSet(names);
    }

    /// <summary>Reads Retry and Catch (for Task, Parallel, Map).</summary>
    private protected static (IReadOnlyList<Retrier>? Retry, IReadOnlyList<Catcher>? Catch) ReadErrorHandling(
        JsonObjectSyntax syntax,
        List<AslNode> children)
    {
        IReadOnlyList<Retrier>? retry = null;
        if (syntax["Retry"] is JsonArraySyntax)
        {
            var retriers = new List<Retrier>();
            foreach (var item in FieldReader.ObjectItems(syntax, "Retry"))
            {
                retriers.Add(new Retrier(item));
            }

            children.AddRange(retriers);
            retry = retriers.ToArray();
        }

        IReadOnlyList<Catcher>? @catch = null;
        if (syntax["Catch"] is JsonArraySyntax)
        {
            var catchers = new List<Catcher>();
            foreach (var item in FieldReader.ObjectItems(syntax, "Catch"))
            {
                catchers.Add(new Catcher(item));
            }

            children.AddRange(catchers);
            @catch = catchers.ToArray();
        }

        return (retry, @catch);
    }
}

/// <summary>A state whose <c>Type</c> is missing, not a string or not a state type; kept so the validator can report it.</summary>
public sealed class UnknownState : State
{
    /// <summary>Every field any state type documents: only names no state type knows are unknown here.</summary>
    internal static readonly FieldSet Fields = FieldSet.Union(
        PassState.Fields,
        TaskState.Fields,
        ChoiceState.Fields,
        WaitState.Fields,
        SucceedState.Fields,
        FailState.Fields,
        ParallelState.Fields,
        MapState.Fields);

    internal UnknownState(JsonPropertySyntax member, JsonObjectSyntax syntax, ModelBuildContext context)
        : base(member, syntax, Fields, context)
    {
    }

    /// <inheritdoc/>
    public override StateType Type => StateType.Unknown;
}
