using System;
using Microsoft.CodeAnalysis.Text;
using AslCompiler.Generator.Specs;
using Microsoft.CodeAnalysis;

namespace AslCompiler.Generator;

/// <summary>
/// Turns each <c>*.asl.json</c> AdditionalFile into a partial class: the definition and its hash, state name constants,
/// a handler interface with one method per Task resource, and (when the runtime is referenced) the compiled program
/// and typed entry points. A definition with errors gets a shell class whose members throw, naming the errors;
/// <see cref="AslDefinitionAnalyzer"/> reports them.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class AslGenerator : IIncrementalGenerator
{
    /// <summary>The metadata name whose presence means the compilation references AslCompiler.Runtime.</summary>
    public const string RuntimeMarkerType = "AslCompiler.Runtime.Execution.ExecutionKernel";

    private static Location FileLocation(string path) => Location.Create(path, new TextSpan(0, 0), new LinePositionSpan(LinePosition.Zero, LinePosition.Zero));

    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // Formatting is dropped here, so a whitespace-only edit stops at this step.
        var sources = context.AdditionalTextsProvider
            .Where(static file => IsDefinitionFile(file))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => ReadFile(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.DefinitionSources);

        var hasRuntime = context.CompilationProvider
            .Select(static (compilation, _) => compilation.GetTypeByMetadataName(RuntimeMarkerType) is not null)
            .WithTrackingName(TrackingNames.RuntimeReference);

        // The one parse of each edit: validation, names and the compiled program's source in one equatable spec.
        var definitions = sources
            .Combine(hasRuntime)
            .Select(static (pair, cancellationToken) => Parse(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Definitions);

        // Equal unless a collision appears or goes away, so an edit of one file leaves the others cached.
        var conflicts = definitions
            .Collect()
            .Select(static (specs, _) => FindConflicts(specs))
            .WithTrackingName(TrackingNames.Conflicts);

        // The C# around each class (a base class's members, the typed input and output): read on every C# edit, equal
        // unless an answer changes. Keyed by what the lookup needs only, so an edit of a definition's states (or a
        // whitespace edit) leaves its answer equal and no other file's emit reruns for it. Files that lose a name to
        // another (the conflicts) are not generated, so not looked up.
        var classes = definitions
            .Select(static (spec, _) => ClassKeyOf(spec))
            .Collect()
            .Combine(hasRuntime)
            .Combine(conflicts)
            .Combine(context.CompilationProvider)
            .Select(static (pair, cancellationToken) => ReadClasses(pair.Left.Left.Left, pair.Left.Left.Right, pair.Left.Right, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Classes);

        var inputs = definitions
            .Combine(hasRuntime)
            .Combine(conflicts)
            .Combine(classes)
            .Select(static (pair, _) => new EmitInput(
                pair.Left.Left.Left,
                pair.Left.Left.Right,
                ConflictOf(pair.Left.Left.Left, pair.Left.Right),
                ClassOf(pair.Left.Left.Left, pair.Right)))
            .WithTrackingName(TrackingNames.EmitInputs);

        context.RegisterSourceOutput(inputs.Where(static input => !IsShell(input)), static (output, input) => Output(output, input));

        // A shell's message names each error with its line and column in the file as written, so a shell (only) is
        // read again from the file's text: the definitions above are read without whitespace and know no positions.
        // Any edit of any definition file reruns this step for shells only; compiled classes never pass here.
        var shells = inputs
            .Where(static input => IsShell(input))
            .Combine(context.AdditionalTextsProvider.Where(static file => IsDefinitionFile(file)).Collect())
            .Select(static (pair, cancellationToken) => WithErrorsAsWritten(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ShellInputs);

        context.RegisterSourceOutput(shells, static (output, input) => Output(output, input));

        // [StateMachineTypes] on a class that no definition generates does nothing: ASL1010 says so where it is. Keyed by
        // the class's name and the attribute's place only, so no other C# edit reruns the check.
        var attributed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                TypesAttributeName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (attributeContext, _) => AttributedClassOf(attributeContext))
            .Where(static found => found is not null)
            .WithTrackingName(TrackingNames.AttributedClasses);
        var generatedNames = definitions
            .Collect()
            .Combine(conflicts)
            .Select(static (pair, _) => GeneratedClassNames(pair.Left, pair.Right));
        context.RegisterSourceOutput(attributed.Combine(generatedNames), static (output, pair) => ReportUnusedAttribute(output, pair.Left!, pair.Right));
    }

    private static bool IsDefinitionFile(AdditionalText file) =>
        file.Path.EndsWith(AslDefinitionAnalyzer.DefinitionSuffix, StringComparison.OrdinalIgnoreCase);

    /// <summary>A definition with errors that is generated (no conflict) with the runtime: a shell whose members throw naming the errors.</summary>
    private static bool IsShell(EmitInput input) => input.HasRuntime && input.Definition is { Errors.Count: > 0 } && input.Conflict is null;

    private static void Output(SourceProductionContext output, EmitInput input)
    {
        if (input.Definition is not { } definition)
        {
            return;
        }

        if (definition.NameProblem is { } problem)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClassNameNotIdentifier, FileLocation(definition.Path), problem));
        }

        if (definition.SubstitutionProblem is { } substitutionProblem)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.InvalidSubstitutions, FileLocation(definition.Path), substitutionProblem));
        }

        if (definition.UnmatchedSubstitutions is { } unmatched)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.UnmatchedSubstitutions, FileLocation(definition.Path), unmatched));
        }

        var tooLong = DiagnosticDescriptors.DefinitionTooLong.Id + ": ";
        if (definition.Errors.Count == 1 && definition.Errors[0].StartsWith(tooLong, StringComparison.Ordinal))
        {
            // The analyzer, which reports the definition's other errors, does not read a file this long either.
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DefinitionTooLong, FileLocation(definition.Path), definition.Errors[0].Substring(tooLong.Length)));
        }

        if (definition.TypeProblem is { } typeProblem && input.HasRuntime)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNameNotType, FileLocation(definition.Path), typeProblem));
        }

        if (input.Conflict is { } conflict)
        {
            // Not generated: what the C# around its class would say of it (ASL1005 ...) is not asked.
            var descriptor = conflict.DescriptorId == DiagnosticDescriptors.DuplicateHintName.Id ? DiagnosticDescriptors.DuplicateHintName : DiagnosticDescriptors.DuplicateClassName;
            output.ReportDiagnostic(Diagnostic.Create(descriptor, FileLocation(definition.Path), conflict.Message));
            return;
        }

        // A class whose generated half would not compile where it is (ASL1016, ASL1011, ASL1008, ASL1007) is not
        // generated: the build fails on the ASL error, not inside code you did not write.
        if (input.Class?.NamespaceProblem is { } namespaceProblem)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ClassNamedLikeNamespace, FileLocation(definition.Path), namespaceProblem));
            return;
        }

        if (input.Class?.KindProblem is { } kindProblem)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.NotAClass, FileLocation(definition.Path), kindProblem));
            return;
        }

        if (input.Class?.OwnMemberProblem is { } ownMember)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.DuplicatesOwnMember, FileLocation(definition.Path), ownMember));
        }

        if (input.Class?.AbstractProblem is { } hidesAbstract)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HidesAbstractMember, FileLocation(definition.Path),
                hidesAbstract + " Rename the abstract member, or derive the class from another base; '" + definition.RelativePath + "' is not generated."));
        }

        if (input.Class is { OwnMemberProblem: not null } or { AbstractProblem: not null })
        {
            return;
        }

        if (input.Class?.TypeProblem is { } classProblem && input.HasRuntime)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeCannotBeUsed, FileLocation(definition.Path), classProblem));
        }

        if (input.Class?.ObsoleteWarning is { } obsolete && input.HasRuntime)
        {
            output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeIsObsolete, FileLocation(definition.Path), obsolete));
        }

        // What [StateMachineTypes] on your half says wrongly is reported where it is applied.
        if (input.Class is { AttributeLocation: { } spot } surroundings && input.HasRuntime)
        {
            if (surroundings.AttributeConflict is { } twice)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeNamedTwice, LocationOf(spot), twice));
            }

            if (surroundings.AttributeProblem is { } attributeProblem)
            {
                output.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.TypeCannotBeUsed, LocationOf(spot), attributeProblem));
            }
        }

        output.AddSource(definition.HintName, Emit(definition, input.HasRuntime, input.Class));
    }
}
