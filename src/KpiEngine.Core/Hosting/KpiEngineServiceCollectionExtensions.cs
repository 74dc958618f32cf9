using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KpiEngine.Hosting;

/// <summary>Registers KpiEngine in a host's service collection.</summary>
public static class KpiEngineServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IKpiEngine"/> as a singleton, configured by <paramref name="configure"/>
    /// (and by any other <c>Configure&lt;KpiEngineOptions&gt;</c>). It logs through the host's
    /// <see cref="ILoggerFactory"/> under the category <c>KpiEngine</c>, or not at all when the host
    /// has no logging. Calling it again adds the configuration, not a second engine. Options that
    /// cannot work (a timeout of zero, a null culture or clock) throw <see cref="OptionsValidationException"/>
    /// when the engine is first resolved.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets plugin folders, culture, clock and the like; null for the defaults.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddKpiEngine(this IServiceCollection services, Action<KpiEngineOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var builder = services.AddOptions<KpiEngineOptions>();
        if (configure is not null)
        {
            builder.Configure(configure);
        }

        // Checked when the engine is first resolved: a host misconfigured this way should not start.
        builder
            .Validate(o => o.PluginTimeout > TimeSpan.Zero, "KpiEngineOptions.PluginTimeout must be positive (30 seconds by default): an isolated plugin call would time out at once.")
            .Validate(o => o.Culture is not null, "KpiEngineOptions.Culture must not be null; leave it at CultureInfo.InvariantCulture unless plugins need another.")
            .Validate(o => o.TimeProvider is not null, "KpiEngineOptions.TimeProvider must not be null; leave it at TimeProvider.System or give a test clock.");

        services.TryAddSingleton<IKpiEngine>(provider => new KpiEngineService(
            provider.GetRequiredService<IOptions<KpiEngineOptions>>().Value,
            provider.GetService<ILoggerFactory>()?.CreateLogger("KpiEngine") ?? NullLogger.Instance));
        return services;
    }
}
