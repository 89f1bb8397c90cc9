package io.vidgate.broker.kms;

import io.vidgate.broker.pipeline.PipelineManager;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The KMS pool and the pipelines. The pool connects in the background: the broker starts (and serves the REST API)
 * whether or not a KMS is up; publishes fail with KMS_UNAVAILABLE until one is.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({KurentoProperties.class, VideoBandwidthProperties.class, VideoCodecProperties.class})
public class KurentoConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    KmsPool kmsPool(KurentoProperties properties) {
        return new KmsPool(properties);
    }

    @Bean
    PipelineManager pipelineManager(KmsPool pool, VideoBandwidthProperties videoBandwidth) {
        return new PipelineManager(pool, videoBandwidth.toBandwidth());
    }
}
